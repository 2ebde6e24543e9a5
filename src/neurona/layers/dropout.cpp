#include "neurona/layers/dropout.hpp"

#include <stdexcept>

#include "neurona/names.hpp"
#include "neurona/random.hpp"

namespace neurona {

Dropout::Dropout(double rate) : rate_(rate) {
    if (!(rate >= 0.0 && rate < 1.0))
        throw std::invalid_argument("Dropout: rate must be in [0, 1), got " + number_text(rate));
}

std::unique_ptr<Layer> Dropout::from_config(const LayerConfig& config) {
    return std::make_unique<Dropout>(config.number("rate"));
}

LayerConfig Dropout::settings() const {
    LayerConfig config;
    config.set("rate", rate_);
    return config;
}

Matrix Dropout::forward_pass(const Matrix& A_prev, bool training) {
    if (!training || rate_ == 0.0) {
        mask_ = Matrix();
        return A_prev;
    }
    const Scalar keep_scale = static_cast<Scalar>(1.0 / (1.0 - rate_));
    mask_ = Matrix(A_prev.rows(), A_prev.cols());
    Rng& rng = global_rng();
    for (std::size_t i = 0; i < mask_.size(); ++i)
        mask_.data()[i] = rng.uniform() >= rate_ ? keep_scale : Scalar(0);
    return A_prev * mask_;
}

Matrix Dropout::backward_pass(const Matrix& dA, bool /*need_dA_prev: always, no weights*/) {
    if (mask_.empty()) return dA;
    // In the forward pass: A = A_prev * mask, so dA_prev = dA * mask.
    return dA * mask_;
}

}  // namespace neurona
