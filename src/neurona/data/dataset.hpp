/// @file dataset.hpp
/// Dataset, the (X, y) pair that the data helpers return, and how they turn a seed into
/// random numbers.
#pragma once

#include <cstdint>
#include <optional>

#include "neurona/matrix.hpp"
#include "neurona/random.hpp"

namespace neurona {

/// Samples and their labels: X is (n, features), one sample per row; y is (n, 1), the class
/// of each row as a Scalar (0, 1, ...), as scikit-learn returns (X, y).
struct Dataset {
    Matrix X;  ///< (n, features)
    Matrix y;  ///< (n, 1) labels
};

/// The generator behind a `seed` argument, scikit-learn's random_state: a given seed always
/// gives the same numbers; no seed (random_state=None) draws one from global_rng(), so the
/// result still repeats after set_global_seed, as NumPy's global seed makes sklearn repeat.
inline Rng rng_for(std::optional<std::uint64_t> seed) {
    return Rng(seed ? *seed : global_rng().next_u64());
}

}  // namespace neurona
