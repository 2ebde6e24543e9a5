#include "neurona/random.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace neurona {

namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

}  // namespace

Rng::Rng(std::uint64_t seed) {
    for (auto& s : s_) s = splitmix64(seed);
}

double Rng::uniform(double low, double high) { return low + (high - low) * uniform(); }

double Rng::normal(double mean, double stddev) {
    // Box-Muller: 1 - u is in (0, 1], so the log is finite.
    const double u1 = 1.0 - uniform();
    const double u2 = uniform();
    return mean + stddev * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

std::size_t Rng::below(std::size_t n) {
    if (n == 0) throw std::invalid_argument("Rng::below: n must be > 0");
    // Rejection sampling keeps every value equally likely.
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    std::uint64_t x;
    do x = next_u64();
    while (x >= limit);
    return static_cast<std::size_t>(x % n);
}

std::vector<std::size_t> Rng::permutation(std::size_t n) {
    std::vector<std::size_t> p(n);
    for (std::size_t i = 0; i < n; ++i) p[i] = i;
    for (std::size_t i = n; i > 1; --i) std::swap(p[i - 1], p[below(i)]);
    return p;
}

Matrix Rng::uniform_matrix(std::size_t rows, std::size_t cols, double low, double high) {
    Matrix m(rows, cols);
    // Rounding a double just below `high` to float can give `high` itself; keep [low, high).
    const Scalar top = std::nextafter(static_cast<Scalar>(high), static_cast<Scalar>(low));
    for (std::size_t i = 0; i < m.size(); ++i)
        m.data()[i] = std::min(static_cast<Scalar>(uniform(low, high)), top);
    return m;
}

Matrix Rng::glorot_uniform(std::size_t rows, std::size_t cols, std::size_t fan_in, std::size_t fan_out) {
    const double limit = std::sqrt(6.0 / static_cast<double>(fan_in + fan_out));
    return uniform_matrix(rows, cols, -limit, limit);
}

Matrix Rng::normal_matrix(std::size_t rows, std::size_t cols, double mean, double stddev) {
    Matrix m(rows, cols);
    for (std::size_t i = 0; i < m.size(); ++i) m.data()[i] = static_cast<Scalar>(normal(mean, stddev));
    return m;
}

Rng& global_rng() {
    static Rng rng(42);
    return rng;
}

void set_global_seed(std::uint64_t seed) { global_rng() = Rng(seed); }

}  // namespace neurona
