/// @file from_scratch.hpp
/// The course's plain functions (chapter 2.2-2.5, "Red neuronal desde cero"): a network
/// built from a list of layer sizes and activations, trained step by step with
/// initialize_parameters, linear_forward, forward_step, backpropagation and
/// gradient_descent. Sequential (model.hpp) is these same steps inside a class.
///
/// Layer l (1-based in the course, index l-1 here) holds the course's names:
///   Z = A_prev . W + b, A = g(Z), and after backpropagation dZ, dW, db.
#pragma once

#include <string>
#include <vector>

#include "neurona/layers/linear.hpp"
#include "neurona/matrix.hpp"
#include "neurona/random.hpp"

namespace neurona {

/// One layer of a from-scratch network: the course's W1, b1, Z1, A1, dZ1, dW1, db1.
struct ScratchLayer {
    std::string activation;  ///< a name from get_activation
    ///@{
    Matrix W, b;             ///< (in, units), (1, units)
    ///@}
    ///@{
    Matrix Z, A;             ///< (batch, units), kept by forward_step
    ///@}
    ///@{
    Matrix dZ, dW, db;       ///< filled by backpropagation
    ///@}
};

/// A network of ScratchLayers; X (the course's A0) is kept by forward_step.
struct ScratchNetwork {
    std::vector<ScratchLayer> layers;  ///< layer 1, 2, ... (the course's W1, W2, ...)
    Matrix X;                          ///< the last input, (batch, features)
};

/// layer_dims = [inputs, units_1, ..., units_L] and one activation per layer. Weights and
/// biases are uniform in [-1, 1), as the course initialises them (rand * 2 - 1).
/// Throws std::invalid_argument when the counts disagree or an activation is unknown.
ScratchNetwork initialize_parameters(const std::vector<std::size_t>& layer_dims,
                                     const std::vector<std::string>& activations, Rng& rng);

/// Runs every layer on X (batch, inputs), keeping each Z = A_prev . W + b (linear_forward,
/// layers/linear.hpp) and A = g(Z); returns y_hat = A_L.
Matrix forward_step(ScratchNetwork& net, const Matrix& X);

/// Fills every layer's dZ, dW, db for the loss `loss_name` (a name from get_loss), done
/// right: dZ_L = dL/dA_L * g'(Z_L) with dL/dA_L the loss gradient including its 1/n;
/// dZ_l = (dZ_{l+1} . W_{l+1}^T) * g'(Z_l); dW_l = A_{l-1}^T . dZ_l; db_l = sum(dZ_l)
/// (the last three by linear_backward, layers/linear.hpp, as Dense computes them).
/// Requires a forward_step on the same batch first (std::logic_error otherwise).
void backpropagation(ScratchNetwork& net, const Matrix& Y, const std::string& loss_name);

/// The course's backpropagation, mistakes kept on purpose so chapter 2 and the tests can
/// show a gradient check catching them (course README, "Where the course is wrong"):
/// the MSE derivative is 2 (y_hat - Y) without the 1/n, the activation derivative is
/// evaluated at the output A instead of at Z, and db is the mean of dZ over the batch
/// while dW is a sum. Only relu and sigmoid layers, with mse, as in the course.
void backpropagation_as_in_course(ScratchNetwork& net, const Matrix& Y);

/// One gradient-descent step on every layer: W = W - lr dW, b = b - lr db.
void gradient_descent(ScratchNetwork& net, Scalar lr);

}  // namespace neurona
