#include "neurona/layers/flatten.hpp"

namespace neurona {

std::unique_ptr<Layer> Flatten::from_config(const LayerConfig& /*config: nothing of its own*/) {
    return std::make_unique<Flatten>();
}

Matrix Flatten::forward_pass(const Matrix& A_prev, bool /*training*/) { return A_prev; }

Matrix Flatten::backward_pass(const Matrix& dA, bool /*need_dA_prev: always, no weights*/) { return dA; }

}  // namespace neurona
