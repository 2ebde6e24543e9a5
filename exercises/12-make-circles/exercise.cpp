// Exercise 12: make_circles. See README.md; run `make exercise N=12`.
#include <cmath>
#include <cstdint>
#include <numbers>
#include <stdexcept>

#include "neurona/data/dataset.hpp"
#include "neurona/random.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

/// n_samples / 2 points on the unit circle (label 0), the rest on a circle of radius factor
/// (label 1), each at angles 2 pi i / n from 0; rows shuffled with Rng(seed).permutation, then
/// N(0, noise^2) added to every coordinate. X (n_samples, 2), y (n_samples, 1).
/// Throws std::invalid_argument when factor is not in [0, 1) or noise < 0.
neurona::Dataset make_circles(std::size_t n_samples, double factor, double noise, std::uint64_t seed) {
    return {Matrix(n_samples, 2), Matrix(n_samples, 1)};  // TODO
}

}  // namespace exercise
