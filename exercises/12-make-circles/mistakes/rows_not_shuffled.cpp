// Mistake: the rows left in order: all the outer points, then the inner ones.
// Diagnóstico: las filas no se barajaron: primero van todos los puntos exteriores (clase 0) y después los interiores
// Diagnosis: the rows were not shuffled: all the outer points (class 0) come first, then the inner ones
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
        X(i, 0) = static_cast<Scalar>(std::cos(t));
        X(i, 1) = static_cast<Scalar>(std::sin(t));
        y(i, 0) = 0;
    }
    for (std::size_t i = 0; i < n_in; ++i) {
        const double t = 2 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(n_in);
        X(n_out + i, 0) = static_cast<Scalar>(factor * std::cos(t));
        X(n_out + i, 1) = static_cast<Scalar>(factor * std::sin(t));
        y(n_out + i, 0) = 1;
    }
    // The mistake: no shuffle; a split that takes the first rows for training would see one class.
    if (noise > 0) X += rng.normal_matrix(n_samples, 2, 0.0, noise);
    return {X, y};
}

}  // namespace exercise
