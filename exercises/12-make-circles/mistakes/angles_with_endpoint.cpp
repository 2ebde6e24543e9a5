// Mistake: angles 2 pi i / (n - 1), linspace with endpoint=True: the last point lands on the first.
// Diagnóstico: los ángulos llegan a 2 pi (linspace con endpoint=True), así que el último punto repite el primero: el ángulo i es 2 pi i / n
// Diagnosis: the angles reach 2 pi (linspace with endpoint=True), so the last point repeats the first: angle i is 2 pi i / n
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
    // The mistake: linspace(0, 2 pi, n) with NumPy's default endpoint=True, angle i = 2 pi i / (n - 1).
    const auto steps = [](std::size_t n) { return static_cast<double>(n > 1 ? n - 1 : 1); };
    for (std::size_t i = 0; i < n_out; ++i) {
        const double t = 2 * std::numbers::pi * static_cast<double>(i) / steps(n_out);
        X(i, 0) = static_cast<Scalar>(std::cos(t));
        X(i, 1) = static_cast<Scalar>(std::sin(t));
        y(i, 0) = 0;
    }
    for (std::size_t i = 0; i < n_in; ++i) {
        const double t = 2 * std::numbers::pi * static_cast<double>(i) / steps(n_in);
        X(n_out + i, 0) = static_cast<Scalar>(factor * std::cos(t));
        X(n_out + i, 1) = static_cast<Scalar>(factor * std::sin(t));
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
