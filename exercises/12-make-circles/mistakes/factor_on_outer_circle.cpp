// Mistake: the first n_samples / 2 points (class 0) on the circle of radius factor, the rest (class 1) on radius 1.
// Diagnóstico: factor se aplicó al círculo exterior: los n_samples / 2 puntos de la clase 0 van en el círculo de radio 1, y los demás, de la clase 1, en el de radio factor
// Diagnosis: factor was applied to the outer circle: the n_samples / 2 points of class 0 go on the circle of radius 1, the rest, class 1, on the circle of radius factor
#include <cmath>
#include <cstdint>
#include <numbers>
#include <stdexcept>
#include <string>

#include "neurona/data/dataset.hpp"
#include "neurona/random.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

neurona::Dataset make_circles(std::size_t n_samples, double factor, double noise, std::uint64_t seed) {
    if (!(factor >= 0 && factor < 1))
        throw std::invalid_argument("make_circles: factor must be in [0, 1), got " + std::to_string(factor));
    if (!(noise >= 0))
        throw std::invalid_argument("make_circles: noise must be >= 0, got " + std::to_string(noise));
    neurona::Rng rng(seed);
    const std::size_t n_out = n_samples / 2, n_in = n_samples - n_out;
    Matrix X(n_samples, 2), y(n_samples, 1);
    // linspace(0, 2 pi, n, endpoint=False): angle i is 2 pi i / n.
    for (std::size_t i = 0; i < n_out; ++i) {
        const double t = 2 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(n_out);
        // The mistake: factor on the first circle, the one of class 0.
        X(i, 0) = static_cast<Scalar>(factor * std::cos(t));
        X(i, 1) = static_cast<Scalar>(factor * std::sin(t));
        y(i, 0) = 0;
    }
    for (std::size_t i = 0; i < n_in; ++i) {
        const double t = 2 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(n_in);
        X(n_out + i, 0) = static_cast<Scalar>(std::cos(t));
        X(n_out + i, 1) = static_cast<Scalar>(std::sin(t));
        y(n_out + i, 0) = 1;
    }
    // Shuffle X and y with one permutation, so that each point keeps its label.
    const std::vector<std::size_t> perm = rng.permutation(n_samples);
    X = X.gather_rows(perm);
    y = y.gather_rows(perm);
    if (noise > 0) X += rng.normal_matrix(n_samples, 2, 0.0, noise);
    return {X, y};
}

}  // namespace exercise
