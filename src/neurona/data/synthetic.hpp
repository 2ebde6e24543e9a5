/// @file synthetic.hpp
/// Toy classification datasets, made with scikit-learn's algorithms (sklearn.datasets):
/// circles, moons, gaussian quantiles, and an xor pattern. The structure is sklearn's; the
/// values come from neurona's own Rng, so they differ from sklearn's for the same seed.
///
/// Every function returns X (n_samples, features) and y (n_samples, 1) with labels 0, 1, ...
/// `seed` is sklearn's random_state (see rng_for): a seed gives the same dataset on every
/// platform; std::nullopt draws the seed from global_rng().
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "neurona/data/dataset.hpp"

namespace neurona {

/// A large circle (label 0, radius 1) around a smaller one (label 1, radius `factor`), in 2-D
/// (sklearn.datasets.make_circles). n_samples / 2 points go to the outer circle and the rest
/// to the inner one, each circle's points at equally spaced angles from 0 (2*pi excluded).
/// The rows are shuffled when `shuffle`, then every coordinate gets N(0, noise^2) noise.
/// Returns X (n_samples, 2), y (n_samples, 1).
/// Throws std::invalid_argument when factor is outside [0, 1) or noise < 0.
Dataset make_circles(std::size_t n_samples = 100, double factor = 0.8, double noise = 0.0,
                     std::optional<std::uint64_t> seed = std::nullopt, bool shuffle = true);

/// Two interleaving half circles in 2-D (sklearn.datasets.make_moons): the upper one
/// (cos t, sin t) for t equally spaced in [0, pi], label 0, with n_samples / 2 points; the
/// lower one (1 - cos t, 0.5 - sin t), label 1, with the rest. Shuffled when `shuffle`, then
/// N(0, noise^2) noise on every coordinate. Returns X (n_samples, 2), y (n_samples, 1).
/// Throws std::invalid_argument when noise < 0.
Dataset make_moons(std::size_t n_samples = 100, double noise = 0.0,
                   std::optional<std::uint64_t> seed = std::nullopt, bool shuffle = true);

/// Classes as nested shells of an isotropic Gaussian (sklearn.datasets.make_gaussian_quantiles):
/// X = mean + sqrt(cov) * N(0, 1), (n_samples, n_features), the same mean in every feature;
/// the samples, sorted by squared distance from the mean, get the labels 0, 1, ... in runs of
/// n_samples / n_classes, the remainder going to the last class; then shuffled when `shuffle`.
/// So every sample of class k is closer to the mean than every sample of class k + 1.
/// (sklearn's default is n_classes = 3; the course always asks for 2.)
/// Throws std::invalid_argument when n_features or n_classes is 0, or cov < 0.
Dataset make_gaussian_quantiles(std::size_t n_samples = 100, std::size_t n_features = 2,
                                std::size_t n_classes = 2, double mean = 0.0, double cov = 1.0,
                                std::optional<std::uint64_t> seed = std::nullopt,
                                bool shuffle = true);

/// The xor problem (not in sklearn): points uniform in the square [-1, 1]^2, label 1 when x1 * x2 < 0
/// (the two coordinates have different signs, the exclusive or of x1 > 0 and x2 > 0), else 0.
/// The labels come from the clean points; N(0, noise^2) noise is added afterwards, so with
/// noise the classes overlap near the axes, as the noise of circles and moons does.
/// Returns X (n_samples, 2), y (n_samples, 1). Throws std::invalid_argument when noise < 0.
Dataset make_xor(std::size_t n_samples = 100, double noise = 0.0,
                 std::optional<std::uint64_t> seed = std::nullopt);

}  // namespace neurona
