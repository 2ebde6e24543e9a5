#include "neurona/metrics.hpp"

#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "neurona/losses.hpp"
#include "neurona/names.hpp"

namespace neurona {

namespace {

void check_same_shape(const std::string& metric, const Matrix& y_true, const Matrix& y_pred) {
    if (!y_true.same_shape(y_pred)) throw_shape_error(metric, y_true, y_pred);
}

// The fraction of rows where the predicted class (first argmax on ties, as NumPy and
// TensorFlow) equals `label(r)`.
template <class Label>
Scalar fraction_of_argmax_hits(const Matrix& y_pred, Label label) {
    const std::vector<std::size_t> predicted = y_pred.argmax();
    std::size_t hits = 0;
    for (std::size_t r = 0; r < predicted.size(); ++r) hits += predicted[r] == label(r);
    return static_cast<Scalar>(hits) / static_cast<Scalar>(predicted.size());
}

// Labels are class indices stored as Scalars; one that is not an integer in [0, classes)
// is a data error, reported rather than silently counted as a miss.
void check_class_indices(const std::string& metric, const Matrix& y_true, std::size_t classes) {
    for (std::size_t r = 0; r < y_true.rows(); ++r) {
        const Scalar label = y_true(r, 0);
        if (!(label >= 0 && label < static_cast<Scalar>(classes) && label == std::floor(label))) {
            std::ostringstream message;
            message << metric << ": y_true row " << r << " holds " << number_text(label)
                    << ", not a class index in [0, " << classes << ")";
            throw std::invalid_argument(message.str());
        }
    }
}

}  // namespace

// Keras thresholds each output (p > threshold is 1, else 0) and compares it with y; the
// mean over the outputs of a row, then over the batch, is the mean over all elements.
Scalar binary_accuracy(const Matrix& y_true, const Matrix& y_pred, Scalar threshold) {
    check_same_shape("binary_accuracy", y_true, y_pred);
    std::size_t hits = 0;
    for (std::size_t i = 0; i < y_pred.size(); ++i)
        hits += (y_pred.data()[i] > threshold ? 1 : 0) == y_true.data()[i];
    return static_cast<Scalar>(hits) / static_cast<Scalar>(y_pred.size());
}

Scalar categorical_accuracy(const Matrix& y_true, const Matrix& y_pred) {
    check_same_shape("categorical_accuracy", y_true, y_pred);
    const std::vector<std::size_t> true_class = y_true.argmax();
    return fraction_of_argmax_hits(y_pred, [&](std::size_t r) { return true_class[r]; });
}

Scalar sparse_categorical_accuracy(const Matrix& y_true, const Matrix& y_pred) {
    const std::string metric = "sparse_categorical_accuracy";
    if (y_true.cols() != 1 || y_true.rows() != y_pred.rows())
        throw_shape_error(metric, y_true, y_pred,
                          " (y_true must be (batch, 1) class indices for y_pred (batch, classes))");
    check_class_indices(metric, y_true, y_pred.cols());
    return fraction_of_argmax_hits(
        y_pred, [&](std::size_t r) { return static_cast<std::size_t>(y_true(r, 0)); });
}

// The regression metrics are the losses' values (the same means over all elements).
Scalar mean_absolute_error(const Matrix& y_true, const Matrix& y_pred) {
    return mae(y_true, y_pred);
}
Scalar mean_squared_error(const Matrix& y_true, const Matrix& y_pred) {
    return mse(y_true, y_pred);
}
Scalar root_mean_squared_error(const Matrix& y_true, const Matrix& y_pred) {
    return std::sqrt(mse(y_true, y_pred));
}

namespace {

// binary_accuracy with Keras's default threshold, as a Metric's function pointer.
Scalar binary_accuracy_at_half(const Matrix& y_true, const Matrix& y_pred) {
    return binary_accuracy(y_true, y_pred);
}
// The same on logits: sigmoid(z) > 0.5 exactly when z > 0.
Scalar binary_accuracy_of_logits(const Matrix& y_true, const Matrix& Z) { return binary_accuracy(y_true, Z, 0); }

using MetricFn = Scalar (*)(const Matrix& y_true, const Matrix& y_pred);

// A name get_metric accepts, the name History shows it under, and its function.
// "accuracy" / "acc" have no function of their own: they resolve from the loss.
struct MetricEntry {
    const char* name;
    const char* shown_as;
    MetricFn fn;
    bool root_of_mean = false;
};

// Keras's class names (RootMeanSquaredError, as the course's regression model asks for)
// show under their snake_case names, as the Keras metric objects are named.
constexpr MetricEntry kMetrics[] = {
    {"accuracy", "accuracy", nullptr},
    {"acc", "acc", nullptr},
    {"binary_accuracy", "binary_accuracy", binary_accuracy_at_half},
    {"categorical_accuracy", "categorical_accuracy", categorical_accuracy},
    {"sparse_categorical_accuracy", "sparse_categorical_accuracy", sparse_categorical_accuracy},
    {"mae", "mae", mean_absolute_error},
    {"mean_absolute_error", "mean_absolute_error", mean_absolute_error},
    {"MeanAbsoluteError", "mean_absolute_error", mean_absolute_error},
    {"mse", "mse", mean_squared_error},
    {"mean_squared_error", "mean_squared_error", mean_squared_error},
    {"MeanSquaredError", "mean_squared_error", mean_squared_error},
    {"rmse", "rmse", root_mean_squared_error, true},
    {"root_mean_squared_error", "root_mean_squared_error", root_mean_squared_error, true},
    {"RootMeanSquaredError", "root_mean_squared_error", root_mean_squared_error, true},
};

// Which accuracy "accuracy" means, from the loss the model is trained with.
MetricFn resolve_accuracy(const std::string& loss_name, std::size_t outputs) {
    if (loss_name == "binary_crossentropy") return binary_accuracy_at_half;
    if (loss_name == "sparse_categorical_crossentropy") return sparse_categorical_accuracy;
    if (loss_name == "categorical_crossentropy") return categorical_accuracy;
    return outputs == 1 ? binary_accuracy_at_half : categorical_accuracy;
}

}  // namespace

Metric get_metric(const std::string& name, const std::string& loss_name, std::size_t outputs, bool from_logits) {
    for (const MetricEntry& entry : kMetrics) {
        if (name != entry.name) continue;
        MetricFn fn = entry.fn ? entry.fn : resolve_accuracy(loss_name, outputs);
        if (from_logits && fn == binary_accuracy_at_half) fn = binary_accuracy_of_logits;
        return {entry.shown_as, fn, entry.root_of_mean};
    }
    throw_unknown_name("metric", name, metric_names());
}

std::vector<std::string> metric_names() {
    std::vector<std::string> names;
    for (const MetricEntry& entry : kMetrics) names.emplace_back(entry.name);
    return names;
}

// Each sample adds one to the cell (its true class, its predicted class).
ConfusionMatrix confusion_matrix(const Matrix& y_true, const Matrix& y_pred) {
    const std::string where = "confusion_matrix";
    const std::size_t classes = y_pred.cols();
    const bool sparse = y_true.cols() == 1;
    if (classes < 2 || y_true.rows() != y_pred.rows() || !(sparse || y_true.cols() == classes))
        throw_shape_error(where, y_true, y_pred,
                          " (y_pred must be (n, classes) with classes >= 2, one score per class, and y_true "
                          "(n, 1) class indices or (n, classes) one-hot rows)");
    std::vector<std::size_t> true_class;
    if (sparse) {
        check_class_indices(where, y_true, classes);
        for (std::size_t i = 0; i < y_true.rows(); ++i) true_class.push_back(static_cast<std::size_t>(y_true(i, 0)));
    } else {
        true_class = y_true.argmax();
    }
    const std::vector<std::size_t> predicted = y_pred.argmax();
    ConfusionMatrix counts(classes, std::vector<std::size_t>(classes, 0));
    for (std::size_t i = 0; i < y_pred.rows(); ++i) ++counts[true_class[i]][predicted[i]];
    return counts;
}

void check_confusion(const std::string& where, const ConfusionMatrix& counts, const std::vector<std::string>& names) {
    const std::size_t k = counts.size();
    if (k == 0) throw std::invalid_argument(where + ": counts is empty; expected classes x classes counts");
    for (std::size_t r = 0; r < k; ++r)
        if (counts[r].size() != k)
            throw std::invalid_argument(where + ": counts has " + std::to_string(k) + " rows but row " +
                                        std::to_string(r) + " has " + std::to_string(counts[r].size()) +
                                        " columns; a confusion matrix is square (classes x classes)");
    if (names.size() != k)
        throw std::invalid_argument(where + ": " + std::to_string(names.size()) + " names for " + std::to_string(k) +
                                    " classes; expected one name per class");
}

// The table is formatted in a fresh stream, so `out`'s own flags (left, fill) cannot shift
// the columns. A name is cut to its first bytes, as printf's "%6.6s" cuts it.
void print_confusion(std::ostream& out, const ConfusionMatrix& counts, const std::vector<std::string>& names) {
    check_confusion("print_confusion", counts, names);
    std::ostringstream table;
    table << std::setw(12) << "true \\ pred";
    for (const std::string& name : names) table << " " << std::setw(6) << name.substr(0, 6);
    table << "\n";
    for (std::size_t r = 0; r < counts.size(); ++r) {
        table << std::setw(12) << names[r].substr(0, 12);
        for (std::size_t count : counts[r]) table << " " << std::setw(6) << count;
        table << "\n";
    }
    out << table.str();
}

void print_confusion(const ConfusionMatrix& counts, const std::vector<std::string>& names) {
    print_confusion(std::cout, counts, names);
}

}  // namespace neurona
