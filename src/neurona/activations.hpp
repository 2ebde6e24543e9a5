/// @file activations.hpp
/// Activation functions, each with its derivative right beside it, Keras's names.
///
/// Forward: A = g(Z), elementwise (softmax: per row). Backward: given Z, A = g(Z) and
/// dA = dL/dA, return dZ = dL/dZ. For an elementwise g that is dZ = dA * g'(Z); for softmax
/// it is the Jacobian-vector product per row, dZ_i = A_i * (dA_i - sum_j dA_j * A_j).
/// All shapes are (batch, units).
///
/// NaN in, NaN out, as in TensorFlow: every activation keeps a NaN of Z as NaN in A, so a
/// broken layer shows in the loss (and stops training, or TerminateOnNaN) instead of hiding.
/// The derivatives are NaN at NaN too, except relu' and step', which are 0 there as
/// TensorFlow's ReluGrad; a NaN that reaches dA always reaches dZ (NaN * 0 is NaN).
#pragma once

#include <string>
#include <vector>

#include "neurona/matrix.hpp"

namespace neurona {

// The scalar functions and their derivatives, written as the course writes them.
// The derivative is always taken at Z (the course's chapter 2.4 mistake is to take it at A).
Scalar sigmoid(Scalar z);            ///< 1 / (1 + e^-z), stable for large |z|
Scalar sigmoid_derivative(Scalar z); ///< sigmoid(z) * (1 - sigmoid(z))
Scalar tanh_(Scalar z);              ///< tanh(z)
Scalar tanh_derivative(Scalar z);    ///< 1 - tanh(z)^2
Scalar relu(Scalar z);               ///< max(0, z); NaN stays NaN
Scalar relu_derivative(Scalar z);    ///< 1 for z > 0, else 0 (Keras/TF use 0 at z = 0 and NaN)
Scalar step(Scalar z);               ///< 1 for z > 0, else 0 (the perceptron of course 1.6); NaN stays NaN
Scalar step_derivative(Scalar z);    ///< 0 everywhere it exists
Scalar softplus(Scalar z);           ///< log(1 + e^z), stable for large |z|
Scalar softplus_derivative(Scalar z);///< sigmoid(z)
Scalar softsign(Scalar z);           ///< z / (1 + |z|)
Scalar softsign_derivative(Scalar z);///< 1 / (1 + |z|)^2
Scalar elu(Scalar z);                ///< z for z > 0, else e^z - 1 (alpha = 1, Keras's default)
Scalar elu_derivative(Scalar z);     ///< 1 for z > 0, else e^z (1 at z = 0, as TensorFlow's EluGrad)
Scalar selu(Scalar z);               ///< scale * elu with alpha 1.67326324, scale 1.05070098
Scalar selu_derivative(Scalar z);    ///< scale for z >= 0 (at 0 as TensorFlow's SeluGrad), else scale * alpha * e^z
Scalar exponential(Scalar z);        ///< e^z
Scalar exponential_derivative(Scalar z); ///< e^z

/// Row-wise softmax of a (batch, classes) matrix: A_ij = e^(Z_ij - max_j Z) / sum_j e^(...).
/// Subtracting the row maximum keeps it finite for any finite Z.
Matrix softmax(const Matrix& Z);

/// An activation by name: g applied to a matrix, and its backward step.
struct ActivationFunction {
    std::string name;  ///< Keras's name: "relu", "sigmoid", ...
    /// A = g(Z), same shape as Z.
    Matrix (*forward)(const Matrix& Z);
    /// dZ = dL/dZ from Z, A = g(Z) and dA = dL/dA (all the same shape). Only softmax reads
    /// A; every other activation computes dZ = dA * g'(Z) from Z alone and ignores A, so a
    /// layer that does not keep A (Conv2D) may pass an empty matrix for them.
    Matrix (*backward)(const Matrix& Z, const Matrix& A, const Matrix& dA);
    /// The same dZ written into `dZ`, whose storage is reused when it already has Z's shape:
    /// a layer keeps its dZ from step to step instead of allocating (and zero-filling) a new
    /// one. dZ must not be Z, A or dA. Set for the activations applied value by value;
    /// nullptr for linear (dZ is dA) and softmax, and in an activation built by hand (a
    /// test's deliberately wrong one): compute_dZ then falls back to backward.
    void (*backward_into)(const Matrix& Z, const Matrix& A, const Matrix& dA, Matrix& dZ) = nullptr;
    /// dZ = backward(Z, A, dA), into dZ's storage when backward_into is there.
    void compute_dZ(const Matrix& Z, const Matrix& A, const Matrix& dA, Matrix& dZ) const {
        if (backward_into)
            backward_into(Z, A, dA, dZ);
        else
            dZ = backward(Z, A, dA);
    }
    /// Whether backward reads A (softmax only): a layer keeps a copy of A for its backward
    /// only then, and passes an empty matrix otherwise.
    bool backward_reads_A() const { return name == "softmax"; }
};

/// The activation called `name` (linear, sigmoid, tanh, relu, step, softmax, softplus,
/// softsign, elu, selu, exponential). An empty name is "linear", as in Keras.
/// Throws std::invalid_argument listing the known names when `name` is unknown.
const ActivationFunction& get_activation(const std::string& name);

/// The known activation names, in the order above.
std::vector<std::string> activation_names();

}  // namespace neurona
