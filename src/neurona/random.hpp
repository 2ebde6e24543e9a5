/// @file random.hpp
/// The project's own random numbers: the same seed gives the same sequence on every
/// compiler and platform (std::mt19937 is portable, but std::uniform_real_distribution
/// and std::normal_distribution are not, so neurona writes its own distributions).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "neurona/matrix.hpp"

namespace neurona {

/// xoshiro256** seeded through splitmix64, with uniform and normal distributions.
class Rng {
public:
    /// A generator whose whole sequence is fixed by `seed`.
    explicit Rng(std::uint64_t seed = 42);

    /// 64 random bits. Inline, with uniform(): a loop that draws one number per value
    /// (Dropout's mask) then keeps the state in registers.
    std::uint64_t next_u64() {
        const std::uint64_t result = std::rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = std::rotl(s_[3], 45);
        return result;
    }
    /// Uniform in [0, 1), 53 random bits (exact in double, rounded in float).
    double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
    /// Uniform in [low, high).
    double uniform(double low, double high);
    /// Standard normal scaled: mean + stddev * N(0, 1) (Box-Muller, one value per call).
    double normal(double mean = 0.0, double stddev = 1.0);
    /// Uniform integer in [0, n); n must be > 0 (throws std::invalid_argument otherwise).
    std::size_t below(std::size_t n);
    /// 0, 1, ..., n-1 in a random order (Fisher-Yates).
    std::vector<std::size_t> permutation(std::size_t n);
    /// A (rows, cols) matrix of uniform values in [low, high).
    Matrix uniform_matrix(std::size_t rows, std::size_t cols, double low, double high);
    /// Keras's glorot_uniform initializer: a (rows, cols) matrix uniform in [-l, l) with
    /// l = sqrt(6 / (fan_in + fan_out)), which keeps the variance of Z near that of A_prev
    /// in both passes. Dense: fan_in = in, fan_out = units; Conv2D: fan_in = kh * kw * C_in,
    /// fan_out = kh * kw * filters.
    Matrix glorot_uniform(std::size_t rows, std::size_t cols, std::size_t fan_in, std::size_t fan_out);
    /// A (rows, cols) matrix of normal values.
    Matrix normal_matrix(std::size_t rows, std::size_t cols, double mean = 0.0, double stddev = 1.0);

private:
    std::uint64_t s_[4];
};

/// The generator used where no Rng is passed (weights, dropout masks, shuffles).
/// Seed it with set_global_seed for a reproducible run, like keras.utils.set_random_seed.
/// Not thread-safe: training draws from it on the calling thread only.
Rng& global_rng();
/// Reseeds global_rng().
void set_global_seed(std::uint64_t seed);

}  // namespace neurona
