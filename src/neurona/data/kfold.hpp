/// @file kfold.hpp
/// K-fold cross-validation (sklearn.model_selection.KFold): k train/validation splits of
/// the rows, each row in exactly one validation set.
///
///     KFold kfold(4, true, 42);
///     for (const Fold& fold : kfold.split(X.rows())) {
///         Matrix X_train = X.gather_rows(fold.train), X_val = X.gather_rows(fold.validation);
///         ...
///     }
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace neurona {

/// One split: row indices to train on and row indices to validate on (disjoint; together
/// every row once).
struct Fold {
    std::vector<std::size_t> train;       ///< Rows to train on, ascending.
    std::vector<std::size_t> validation;  ///< Rows of this fold, in (shuffled) order.
};

/// scikit-learn's KFold: the rows (shuffled first when asked) are cut into n_splits
/// consecutive folds; fold i is the validation set of split i and the others train. The
/// first n % n_splits folds get n / n_splits + 1 rows, the rest n / n_splits, as sklearn.
/// Validation indices keep the (shuffled) fold order; training indices are ascending.
class KFold {
public:
    /// Throws std::invalid_argument when n_splits < 2. `seed` fixes the shuffle (sklearn's
    /// random_state); without one each split() draws a new order from global_rng().
    explicit KFold(std::size_t n_splits = 5, bool shuffle = false,
                   std::optional<std::uint64_t> seed = std::nullopt);

    /// The n_splits folds of the rows 0 .. n_samples - 1.
    /// Throws std::invalid_argument when n_samples < n_splits (a fold would be empty).
    std::vector<Fold> split(std::size_t n_samples) const;

    std::size_t n_splits() const { return n_splits_; }  ///< The number of folds (k).

private:
    std::size_t n_splits_;
    bool shuffle_;
    std::optional<std::uint64_t> seed_;
};

}  // namespace neurona
