#include "neurona/layers/flatten.hpp"

namespace neurona {

Matrix Flatten::forward_pass(const Matrix& A_prev, bool /*training*/) { return A_prev; }

Matrix Flatten::backward_pass(const Matrix& dA, bool /*need_dA_prev: always, no weights*/) { return dA; }

}  // namespace neurona
