// Exercise 26: K-fold cross-validation, scikit-learn's folds. See README.md; run
// `make exercise N=26`.
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "neurona/data/kfold.hpp"

namespace exercise {

using Indices = std::vector<std::size_t>;
using neurona::Fold;  // {train, validation}, two lists of sample indices

/// The sizes of the k folds of n samples, as scikit-learn's KFold: n / k each, and one more
/// for each of the first n % k folds (n = 10, k = 3: 4, 3, 3).
/// Throws std::invalid_argument when k < 2 or n < k.
Indices fold_sizes(std::size_t n, std::size_t k) {
    return {};  // TODO
}

/// The k folds of the samples in `order` (0 .. n-1, or a shuffle of them): fold i validates on
/// the next fold_sizes(n, k)[i] entries of `order`, in that order, and trains on every other
/// sample, in ascending order.
/// Throws std::invalid_argument as fold_sizes, and when `order` is not each of 0 .. n-1 once.
std::vector<Fold> kfold(const Indices& order, std::size_t k) {
    return {};  // TODO
}

/// Calls score(fold) for each fold, in order; returns {the per-fold scores, their mean}.
/// Throws std::invalid_argument when there are no folds.
std::pair<std::vector<double>, double> cross_validate(const std::vector<Fold>& folds,
                                                      const std::function<double(const Fold&)>& score) {
    return {{}, 0};  // TODO
}

}  // namespace exercise
