#include "neurona/layers/normalization.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "neurona/names.hpp"

namespace neurona {

std::unique_ptr<Layer> Normalization::from_config(const LayerConfig& config) {
    auto layer = std::make_unique<Normalization>();
    layer->features_ = config.count("features");
    return layer;
}

LayerConfig Normalization::settings() const {
    LayerConfig config;
    if (built_) config.set("features", input_shape_[0]);
    else if (features_) config.set("features", *features_);
    return config;
}

std::optional<Shape> Normalization::configured_input_shape() const {
    if (declared_input_shape_ || !features_) return declared_input_shape_;
    return Shape{*features_};
}

Shape Normalization::compute_output_shape(const Shape& input_shape) const {
    if (input_shape.size() != 1)
        throw std::invalid_argument("Normalization: expects a 1-D input (None, features), got " +
                                    batch_shape_string(input_shape) + "; add Flatten() before it");
    return input_shape;
}

std::size_t Normalization::count_params(const Shape& input_shape) const {
    compute_output_shape(input_shape);  // checks it
    return weight_count({input_shape, input_shape, {1}});  // mean, variance, count
}

Shape Normalization::build(const Shape& input_shape) {
    compute_output_shape(input_shape);  // checks it
    // Built already (by adapt, or set_weights): keep what it learned, for its own shape only.
    if (built_) {
        if (input_shape != input_shape_)
            throw std::invalid_argument(label() + ": built for " + batch_shape_string(input_shape_) +
                                        ", cannot take " + batch_shape_string(input_shape));
        return output_shape_;
    }
    if (features_ && input_shape != Shape{*features_})
        throw std::invalid_argument(label() + ": its configuration says features=" + std::to_string(*features_) +
                                    ", but it receives " + batch_shape_string(input_shape));
    mean_ = Matrix(1, input_shape[0], 0);
    variance_ = Matrix(1, input_shape[0], 1);
    count_ = Matrix(1, 1, 0);
    mark_built(input_shape, input_shape);
    return output_shape_;
}

void Normalization::adapt(const Matrix& X) {
    if (X.rows() == 0) throw std::invalid_argument("Normalization.adapt: X has no rows");
    if (!built_) build({X.cols()});
    if (X.cols() != mean_.cols())
        throw_shape_error("Normalization.adapt: X and mean", X, mean_,
                          " (the layer expects " + std::to_string(mean_.cols()) + " features)");
    // Two passes in double: the mean first, then the mean squared deviation from it, which
    // stays accurate where E[x^2] - E[x]^2 would cancel (a large mean, a small spread).
    const std::size_t n = X.rows(), features = X.cols();
    for (std::size_t j = 0; j < features; ++j) {
        double sum = 0;
        for (std::size_t i = 0; i < n; ++i) sum += X(i, j);
        const double mean = sum / static_cast<double>(n);
        double squares = 0;
        for (std::size_t i = 0; i < n; ++i) squares += (X(i, j) - mean) * (X(i, j) - mean);
        mean_(0, j) = static_cast<Scalar>(mean);
        variance_(0, j) = static_cast<Scalar>(squares / static_cast<double>(n));  // ddof = 0
    }
    count_(0, 0) = static_cast<Scalar>(n);
}

Matrix Normalization::scale() const {
    return variance_.apply([](Scalar v) { return std::max(std::sqrt(v), static_cast<Scalar>(epsilon)); });
}

Matrix Normalization::forward_pass(const Matrix& A_prev, bool /*training*/) {
    Matrix A = A_prev;
    A -= mean_;    // (batch, features) - (1, features), broadcast over the batch
    A /= scale();  // / max(sqrt(variance), epsilon)
    return A;
}

Matrix Normalization::backward_pass(const Matrix& dA, bool /*need_dA_prev: always, no trainable weights*/) {
    // In the forward pass A = (A_prev - mean) / s, so dA/dA_prev = 1 / s, elementwise.
    return dA / scale();
}

void Normalization::set_weights(const std::vector<Matrix>& weights) {
    if (weights.size() != 3)
        throw std::invalid_argument(name_ + " (Normalization): set_weights expects 3 matrices "
                                    "{mean, variance, count}, got " + std::to_string(weights.size()));
    const Matrix &mean = weights[0], &variance = weights[1], &count = weights[2];
    if (mean.rows() != 1 || !mean.same_shape(variance) || (built_ && !mean.same_shape(mean_)) ||
        (!built_ && features_ && mean.cols() != *features_))
        throw_shape_error(name_ + " (Normalization): set_weights mean and variance", mean, variance,
                          built_      ? " (expected (1, " + std::to_string(mean_.cols()) + ") each)"
                          : features_ ? " (expected (1, " + std::to_string(*features_) + ") each)"
                                      : " (expected (1, features) each)");
    if (count.rows() != 1 || count.cols() != 1)
        throw std::invalid_argument(name_ + " (Normalization): set_weights count must be (1, 1), got " +
                                    count.shape());
    for (std::size_t j = 0; j < variance.size(); ++j)
        if (!(variance.data()[j] >= 0))
            throw std::invalid_argument(name_ + " (Normalization): set_weights variance " +
                                        number_text(variance.data()[j]) + " of feature " +
                                        std::to_string(j) + " is not >= 0");
    if (!built_) mark_built({mean.cols()}, {mean.cols()});
    mean_ = mean;
    variance_ = variance;
    count_ = count;
}

}  // namespace neurona
