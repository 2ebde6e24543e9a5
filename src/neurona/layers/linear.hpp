/// @file linear.hpp
/// The dense step, once: Z = A_prev . W + b and its gradients. Dense (layers/dense.hpp) and
/// the course's plain functions (from_scratch.hpp: forward_step, backpropagation) both call
/// these two, so "a Dense layer is the from-scratch step" holds by construction.
///
/// Shapes, with the course's names: A_prev is (batch, in), W is (in, units), b is (1, units),
/// Z and dZ are (batch, units).
#pragma once

#include "neurona/matrix.hpp"

namespace neurona {

/// Z = A_prev . W + b, b added to every row (broadcast over the batch), written into Z
/// (whose storage is reused when it already has the shape (batch, units)).
/// Throws std::invalid_argument naming both shapes when A_prev has not `in` columns or b is
/// not (1, units).
void linear_forward(const Matrix& A_prev, const Matrix& W, const Matrix& b, Matrix& Z);

/// Z = A_prev . W + b, returned (the course's linear_forward); as above.
Matrix linear_forward(const Matrix& A_prev, const Matrix& W, const Matrix& b);

/// The gradients of Z = A_prev . W + b, given dZ = dL/dZ (batch, units):
///   dW = A_prev^T . dZ            (in, units)
///   db = sum over the batch of dZ (1, units)
///   dA_prev = dZ . W^T            (batch, in), only when dA_prev is not nullptr (below the
///                                 first layer with weights nothing would use it)
/// dW, db and *dA_prev are overwritten (their storage reused when the shape fits); none of
/// them may be dZ, A_prev or W. Throws std::invalid_argument naming the shapes when dZ,
/// A_prev and W do not fit together.
void linear_backward(const Matrix& dZ, const Matrix& A_prev, const Matrix& W, Matrix& dW, Matrix& db,
                     Matrix* dA_prev);

}  // namespace neurona
