/// @file preprocessing.hpp
/// Getting data ready for a network, as scikit-learn and Keras do it: train_test_split,
/// StandardScaler, to_categorical, shuffle and accuracy_score.
/// X is (n, features), one sample per row; y is (n, 1) labels (or (n, outputs) targets).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "neurona/data/dataset.hpp"
#include "neurona/matrix.hpp"
#include "neurona/random.hpp"

namespace neurona {

/// The four parts train_test_split returns, in sklearn's order.
struct Split {
    /// The training and test rows of X and of y.
    ///@{
    Matrix X_train, X_test, y_train, y_test;
    ///@}
};

/// Splits the rows of X and y into a training and a test part (sklearn.model_selection.
/// train_test_split with a fractional test_size). The test part has ceil(test_size * n) rows
/// and the training part the other ones. With `shuffle` a permutation of the rows is drawn
/// (sklearn's ShuffleSplit): its first n_test entries are the test rows, the rest the
/// training rows, in that order; without it the first rows train and the last ones test.
/// X and y keep their rows paired: row i of X_train goes with row i of y_train.
/// Throws std::invalid_argument naming both shapes when X and y have different row counts,
/// and when test_size is not in (0, 1) or leaves the training or the test part empty.
Split train_test_split(const Matrix& X, const Matrix& y, double test_size = 0.25,
                       std::optional<std::uint64_t> seed = std::nullopt, bool shuffle = true);

/// Standardizes features (sklearn.preprocessing.StandardScaler): z = (x - mean) / scale,
/// per column, with the mean and the population standard deviation (ddof = 0) learned by
/// fit. A column with zero variance gets scale 1, so it becomes 0 instead of NaN.
/// Fit on the training data only, then transform the training and the test data with it.
class StandardScaler {
public:
    /// Learns each column's mean and scale from X (n, features), n >= 1.
    /// Throws std::invalid_argument when X has no rows.
    StandardScaler& fit(const Matrix& X);
    /// (X - mean) / scale, column by column; X is (n, features) with fit's feature count.
    /// Throws std::logic_error before fit, std::invalid_argument naming both shapes when the
    /// column count differs from fit's.
    Matrix transform(const Matrix& X) const;
    /// fit(X), then transform(X).
    Matrix fit_transform(const Matrix& X);
    /// Back to the original units: Z * scale + mean. Same errors as transform.
    Matrix inverse_transform(const Matrix& Z) const;
    /// The per-column means, (1, features) (sklearn's mean_). Empty before fit.
    const Matrix& mean() const { return mean_; }
    /// The per-column scales, (1, features) (sklearn's scale_): the standard deviation, or 1
    /// for a zero-variance column. Empty before fit.
    const Matrix& scale() const { return scale_; }
    /// True once fit has run.
    bool fitted() const { return !mean_.empty(); }

private:
    void check_input(const char* op, const Matrix& X) const;

    Matrix mean_;
    Matrix scale_;
};

/// One-hot encoding of class labels (keras.utils.to_categorical): y (n, 1) holds integers
/// 0 .. num_classes-1; row i of the (n, num_classes) result is 1 in column y(i) and 0 elsewhere.
/// num_classes = 0 means max(y) + 1.
/// Throws std::invalid_argument when y is not one column, when a label is negative, not an
/// integer or >= num_classes (naming the row and the value), or when num_classes = 0 and y is
/// empty (there is nothing to count the classes from).
Matrix to_categorical(const Matrix& y, std::size_t num_classes = 0);

/// X and y with their rows permuted by one permutation drawn from `rng`, so the pairs stay
/// together (sklearn.utils.shuffle(X, y)). Throws std::invalid_argument naming both shapes when
/// the row counts differ.
Dataset shuffle(const Matrix& X, const Matrix& y, Rng& rng = global_rng());

/// Fraction of rows where y_pred equals y_true (sklearn.metrics.accuracy_score): for (n, 1)
/// class labels the plain accuracy; for (n, k) label rows, a row counts only when all k match.
/// Throws std::invalid_argument naming both shapes when they differ, or when they are empty.
Scalar accuracy_score(const Matrix& y_true, const Matrix& y_pred);

}  // namespace neurona
