/// @file metrics.hpp
/// Metrics reported by fit/evaluate: accuracy (binary, categorical, sparse), mae, mse, rmse.
/// y_true and y_pred are (batch, outputs); each returns the mean over the batch.
/// Also the confusion matrix of a classifier, and its table of counts.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "neurona/matrix.hpp"

namespace neurona {

/// Fraction of elements where (y_pred > threshold) equals y_true (one sigmoid unit per
/// output), as Keras: the mean over the outputs of a row, then over the batch.
Scalar binary_accuracy(const Matrix& y_true, const Matrix& y_pred, Scalar threshold = 0.5);
/// Fraction of rows where argmax(y_pred) == argmax(y_true) (one-hot labels).
Scalar categorical_accuracy(const Matrix& y_true, const Matrix& y_pred);
/// Fraction of rows where argmax(y_pred) == y_true (y_true is (batch, 1) class indices).
Scalar sparse_categorical_accuracy(const Matrix& y_true, const Matrix& y_pred);
Scalar mean_absolute_error(const Matrix& y_true, const Matrix& y_pred);  ///< mean |y - p|
Scalar mean_squared_error(const Matrix& y_true, const Matrix& y_pred);   ///< mean (y - p)^2
Scalar root_mean_squared_error(const Matrix& y_true, const Matrix& y_pred); ///< sqrt(mse)

/// A metric by the name History shows it under.
struct Metric {
    std::string name;                                          ///< the History key
    Scalar (*fn)(const Matrix& y_true, const Matrix& y_pred);  ///< the value over one batch
    /// True for RMSE: over an epoch it is the root of the mean squared error of every
    /// sample (Keras's RootMeanSquaredError), not the mean of the batches' roots.
    bool root_of_mean = false;
};

/// The metric `name` means for a model trained with loss `loss_name`, as Keras resolves it:
/// "accuracy"/"acc" becomes binary, categorical or sparse accuracy from the loss (binary
/// for binary_crossentropy, sparse for sparse_categorical_crossentropy, categorical for
/// categorical_crossentropy; for other losses: binary when the model has one output,
/// categorical otherwise). Also: mae / mean_absolute_error, mse / mean_squared_error,
/// rmse / root_mean_squared_error, binary_accuracy, categorical_accuracy,
/// sparse_categorical_accuracy, and Keras's class names MeanAbsoluteError, MeanSquaredError,
/// RootMeanSquaredError. The returned Metric keeps the name as asked ("accuracy" shows as
/// accuracy), except that a class name shows under its snake_case name
/// (RootMeanSquaredError as root_mean_squared_error), so History's keys read like Keras's.
/// With `from_logits` (the loss was asked with it, so y_pred holds logits), binary accuracy
/// thresholds the logits at 0, which is sigmoid's 0.5: the accuracy of the same predictions
/// given as probabilities. Keras does not: its "accuracy" thresholds the logits at 0.5, a
/// known trap (tensorflow/tensorflow#41413) that counts sigmoid(z) in (0.5, 0.62] as class 0.
/// Throws std::invalid_argument listing the known names when `name` is unknown.
Metric get_metric(const std::string& name, const std::string& loss_name, std::size_t outputs,
                  bool from_logits = false);

/// The known metric names.
std::vector<std::string> metric_names();

/// A confusion matrix: counts[r][c] is how many samples of true class r were predicted as
/// class c. It is square, classes x classes; the diagonal holds the right answers.
using ConfusionMatrix = std::vector<std::vector<std::size_t>>;

/// The confusion matrix of a classifier's predictions. y_pred is (n, classes), one score per
/// class (a softmax output); the predicted class is its argmax (the first on ties). y_true is
/// (n, 1) class indices 0, 1, ..., classes - 1 (sparse labels) or (n, classes) one-hot rows
/// (to_categorical), whose argmax is the true class. Throws std::invalid_argument naming both
/// shapes when they do not fit, when y_pred has a single column, or naming the row when a
/// class index is not a whole number in [0, classes).
ConfusionMatrix confusion_matrix(const Matrix& y_true, const Matrix& y_pred);

/// The confusion matrix as a table of counts: a header row `true \ pred` and the class
/// names (cut to 6 characters), then one row per true class, its name (cut to 12) and its
/// counts, each in a column 7 characters wide. `names` has one name per class. Throws
/// std::invalid_argument when `counts` is empty or not square, or `names` has another size.
void print_confusion(std::ostream& out, const ConfusionMatrix& counts, const std::vector<std::string>& names);
/// The table on std::cout.
void print_confusion(const ConfusionMatrix& counts, const std::vector<std::string>& names);

/// Throws std::invalid_argument starting with `where` unless `counts` is a non-empty square
/// confusion matrix with one name per class (what print_confusion and plot::confusion_png
/// need).
void check_confusion(const std::string& where, const ConfusionMatrix& counts,
                     const std::vector<std::string>& names);

}  // namespace neurona
