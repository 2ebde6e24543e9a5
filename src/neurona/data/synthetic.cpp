#include "neurona/data/synthetic.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "neurona/data/preprocessing.hpp"
#include "neurona/names.hpp"

namespace neurona {

namespace {

void check_noise(const char* op, double noise) {
    if (!(noise >= 0))
        throw std::invalid_argument(std::string(op) + ": noise must be >= 0, got " +
                                    number_text(noise));
}

// sklearn's last two steps: shuffle the rows (with the same generator), then add the noise.
// noise == 0 draws nothing, so a noise-free dataset lies exactly on its curves.
Dataset shuffle_and_add_noise(Dataset d, Rng& rng, bool shuffle_rows, double noise) {
    if (shuffle_rows) d = shuffle(d.X, d.y, rng);
    if (noise > 0) d.X += rng.normal_matrix(d.X.rows(), d.X.cols(), 0.0, noise);
    return d;
}

}  // namespace

Dataset make_circles(std::size_t n_samples, double factor, double noise,
                     std::optional<std::uint64_t> seed, bool shuffle) {
    if (!(factor >= 0 && factor < 1))
        throw std::invalid_argument("make_circles: factor must be in [0, 1), got " +
                                    number_text(factor));
    check_noise("make_circles", noise);
    Rng rng = rng_for(seed);
    const std::size_t n_out = n_samples / 2, n_in = n_samples - n_out;
    Dataset d{Matrix(n_samples, 2), Matrix(n_samples, 1)};
    // np.linspace(0, 2 pi, n, endpoint=False): angle i is 2 pi i / n.
    for (std::size_t i = 0; i < n_out; ++i) {
        const double t = 2 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(n_out);
        d.X(i, 0) = static_cast<Scalar>(std::cos(t));
        d.X(i, 1) = static_cast<Scalar>(std::sin(t));
        d.y(i, 0) = 0;
    }
    for (std::size_t i = 0; i < n_in; ++i) {
        const double t = 2 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(n_in);
        d.X(n_out + i, 0) = static_cast<Scalar>(factor * std::cos(t));
        d.X(n_out + i, 1) = static_cast<Scalar>(factor * std::sin(t));
        d.y(n_out + i, 0) = 1;
    }
    return shuffle_and_add_noise(std::move(d), rng, shuffle, noise);
}

Dataset make_moons(std::size_t n_samples, double noise, std::optional<std::uint64_t> seed,
                   bool shuffle) {
    check_noise("make_moons", noise);
    Rng rng = rng_for(seed);
    const std::size_t n_out = n_samples / 2, n_in = n_samples - n_out;
    // np.linspace(0, pi, n) includes both ends: angle i is pi i / (n - 1) (just 0 when n == 1).
    auto angle = [](std::size_t i, std::size_t n) {
        return n > 1 ? std::numbers::pi * static_cast<double>(i) / static_cast<double>(n - 1) : 0.0;
    };
    Dataset d{Matrix(n_samples, 2), Matrix(n_samples, 1)};
    for (std::size_t i = 0; i < n_out; ++i) {
        const double t = angle(i, n_out);
        d.X(i, 0) = static_cast<Scalar>(std::cos(t));
        d.X(i, 1) = static_cast<Scalar>(std::sin(t));
        d.y(i, 0) = 0;
    }
    // The lower moon is the upper one turned upside down and moved by (1, -0.5), so the two
    // interleave: x = 1 - cos t, y = 1 - sin t - 0.5.
    for (std::size_t i = 0; i < n_in; ++i) {
        const double t = angle(i, n_in);
        d.X(n_out + i, 0) = static_cast<Scalar>(1 - std::cos(t));
        d.X(n_out + i, 1) = static_cast<Scalar>(1 - std::sin(t) - 0.5);
        d.y(n_out + i, 0) = 1;
    }
    return shuffle_and_add_noise(std::move(d), rng, shuffle, noise);
}

Dataset make_gaussian_quantiles(std::size_t n_samples, std::size_t n_features,
                                std::size_t n_classes, double mean, double cov,
                                std::optional<std::uint64_t> seed, bool shuffle) {
    if (n_features == 0 || n_classes == 0)
        throw std::invalid_argument("make_gaussian_quantiles: n_features and n_classes must be "
                                    ">= 1, got " + std::to_string(n_features) + " and " +
                                    std::to_string(n_classes));
    if (!(cov >= 0))
        throw std::invalid_argument("make_gaussian_quantiles: cov must be >= 0, got " +
                                    number_text(cov));
    Rng rng = rng_for(seed);
    // The covariance is cov times the identity, so each coordinate is mean + sqrt(cov) N(0, 1).
    const Matrix G = rng.normal_matrix(n_samples, n_features, mean, std::sqrt(cov));

    // Order the samples by squared distance from the mean (sklearn's argsort; stable, so
    // equal distances keep a fixed order), computed in double from the stored values.
    std::vector<double> dist2(n_samples, 0.0);
    for (std::size_t r = 0; r < n_samples; ++r)
        for (std::size_t c = 0; c < n_features; ++c) {
            const double v = static_cast<double>(G(r, c)) - mean;
            dist2[r] += v * v;
        }
    std::vector<std::size_t> order(n_samples);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return dist2[a] < dist2[b]; });

    // Runs of `step` samples per class, nearest first; the n_samples % n_classes farthest
    // samples also go to the last class.
    Dataset d{G.gather_rows(order), Matrix(n_samples, 1)};
    const std::size_t step = n_samples / n_classes;
    for (std::size_t i = 0; i < n_samples; ++i)
        d.y(i, 0) = static_cast<Scalar>(step > 0 ? std::min(i / step, n_classes - 1) : n_classes - 1);
    return shuffle_and_add_noise(std::move(d), rng, shuffle, 0.0);
}

Dataset make_xor(std::size_t n_samples, double noise, std::optional<std::uint64_t> seed) {
    check_noise("make_xor", noise);
    Rng rng = rng_for(seed);
    Dataset d{rng.uniform_matrix(n_samples, 2, -1.0, 1.0), Matrix(n_samples, 1)};
    for (std::size_t i = 0; i < n_samples; ++i)
        d.y(i, 0) = d.X(i, 0) * d.X(i, 1) < 0 ? 1 : 0;
    // The points are already in random order, so only the noise is left to add.
    return shuffle_and_add_noise(std::move(d), rng, false, noise);
}

}  // namespace neurona
