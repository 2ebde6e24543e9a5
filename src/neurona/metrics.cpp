#include "neurona/metrics.hpp"

#include <cmath>
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

// Labels are class indices stored as Scalars; one that is not an integer in [0, classes)
// is a data error, reported rather than silently counted as a miss.
Scalar sparse_categorical_accuracy(const Matrix& y_true, const Matrix& y_pred) {
    const std::string metric = "sparse_categorical_accuracy";
    if (y_true.cols() != 1 || y_true.rows() != y_pred.rows())
        throw_shape_error(metric, y_true, y_pred,
                          " (y_true must be (batch, 1) class indices for y_pred (batch, classes))");
    for (std::size_t r = 0; r < y_true.rows(); ++r) {
        const Scalar label = y_true(r, 0);
        if (!(label >= 0 && label < static_cast<Scalar>(y_pred.cols()) &&
              label == std::floor(label))) {
            std::ostringstream message;
            message << metric << ": y_true row " << r << " holds " << number_text(label)
                    << ", not a class index in [0, " << y_pred.cols() << ")";
            throw std::invalid_argument(message.str());
        }
    }
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

}  // namespace neurona
