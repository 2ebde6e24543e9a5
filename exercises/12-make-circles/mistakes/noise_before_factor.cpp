// Mistake: the inner circle placed at radius 1 and scaled by factor after the noise was added, so its noise is factor * noise.
// Diagnóstico: el ruido se sumó antes de escalar el círculo interior por factor, así que allí queda multiplicado por factor: suma el ruido al final, a los puntos ya colocados
// Diagnosis: the noise was added before the inner circle was scaled by factor, so there it is multiplied by factor: add the noise last, to the points in place
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
        // The mistake: the inner circle placed at radius 1, and scaled by factor only after the noise.
        X(n_out + i, 0) = static_cast<Scalar>(std::cos(t));
        X(n_out + i, 1) = static_cast<Scalar>(std::sin(t));
        y(n_out + i, 0) = 1;
    }
    // Shuffle X and y with one permutation, so that each point keeps its label.
    const std::vector<std::size_t> perm = rng.permutation(n_samples);
    X = X.gather_rows(perm);
    y = y.gather_rows(perm);
    if (noise > 0) X += rng.normal_matrix(n_samples, 2, 0.0, noise);
    // Scaling the inner circle now shrinks its noise too.
    for (std::size_t r = 0; r < n_samples; ++r)
        if (y(r, 0) == 1)
            for (std::size_t c = 0; c < 2; ++c) X(r, c) = static_cast<Scalar>(factor * X(r, c));
    return {X, y};
}

}  // namespace exercise
