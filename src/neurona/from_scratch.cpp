#include "neurona/from_scratch.hpp"

#include <stdexcept>

#include "neurona/activations.hpp"
#include "neurona/losses.hpp"

namespace neurona {

ScratchNetwork initialize_parameters(const std::vector<std::size_t>& layer_dims,
                                     const std::vector<std::string>& activations, Rng& rng) {
    if (layer_dims.size() < 2 || activations.size() != layer_dims.size() - 1)
        throw std::invalid_argument("initialize_parameters: " + std::to_string(layer_dims.size()) +
                                    " layer sizes need " + std::to_string(layer_dims.size() - 1) +
                                    " activations, got " + std::to_string(activations.size()));
    ScratchNetwork net;
    for (std::size_t l = 0; l + 1 < layer_dims.size(); ++l) {
        ScratchLayer layer;
        layer.activation = get_activation(activations[l]).name;  // checks the name
        layer.W = rng.uniform_matrix(layer_dims[l], layer_dims[l + 1], -1, 1);
        layer.b = rng.uniform_matrix(1, layer_dims[l + 1], -1, 1);
        net.layers.push_back(std::move(layer));
    }
    return net;
}

Matrix forward_step(ScratchNetwork& net, const Matrix& X) {
    net.X = X;
    const Matrix* A_prev = &net.X;
    for (ScratchLayer& layer : net.layers) {
        linear_forward(*A_prev, layer.W, layer.b, layer.Z);  // Z = A_prev . W + b
        layer.A = get_activation(layer.activation).forward(layer.Z);  // A = g(Z)
        A_prev = &layer.A;
    }
    return net.layers.back().A;
}

namespace {
void require_forward(const ScratchNetwork& net, const Matrix& Y, const char* where) {
    if (net.layers.empty() || net.layers.back().A.empty())
        throw std::logic_error(std::string(where) + ": run forward_step first");
    if (Y.rows() != net.layers.back().A.rows())
        throw_shape_error(where, Y, net.layers.back().A, " (Y and y_hat need the same rows)");
}
}  // namespace

void backpropagation(ScratchNetwork& net, const Matrix& Y, const std::string& loss_name) {
    require_forward(net, Y, "backpropagation");
    const std::size_t L = net.layers.size();
    Matrix dA = get_loss(loss_name).gradient(Y, net.layers.back().A);  // dL/dy_hat, with 1/n
    for (std::size_t l = L; l-- > 0;) {
        ScratchLayer& layer = net.layers[l];
        const Matrix& A_prev = l == 0 ? net.X : net.layers[l - 1].A;
        // In the forward pass: Z = A_prev . W + b, A = g(Z).
        layer.dZ = get_activation(layer.activation).backward(layer.Z, layer.A, dA);  // dA * g'(Z)
        // dW = A_prev^T . dZ, db = sum over the batch of dZ, and dA = dZ . W^T for the layer
        // below (none below the first).
        linear_backward(layer.dZ, A_prev, layer.W, layer.dW, layer.db, l > 0 ? &dA : nullptr);
    }
}

void backpropagation_as_in_course(ScratchNetwork& net, const Matrix& Y) {
    require_forward(net, Y, "backpropagation_as_in_course");
    // The course's derivative functions, applied to A (the mistake): for relu it happens to
    // agree with relu'(Z); for sigmoid, sigmoid'(A) != sigmoid'(Z).
    auto derivative_at_A = [](const ScratchLayer& layer) {
        if (layer.activation == "sigmoid") return layer.A.apply(sigmoid_derivative);
        if (layer.activation == "relu") return layer.A.apply(relu_derivative);
        throw std::invalid_argument("backpropagation_as_in_course: only relu and sigmoid, got " +
                                    layer.activation);
    };
    const std::size_t L = net.layers.size();
    Matrix dA = 2 * (net.layers.back().A - Y);  // the course's mse derivative: no 1/n
    for (std::size_t l = L; l-- > 0;) {
        ScratchLayer& layer = net.layers[l];
        const Matrix& A_prev = l == 0 ? net.X : net.layers[l - 1].A;
        layer.dZ = dA * derivative_at_A(layer);
        // dW = A_prev^T . dZ and dA = dZ . W^T as backpropagation computes them; db is then
        // replaced by the course's mean.
        linear_backward(layer.dZ, A_prev, layer.W, layer.dW, layer.db, l > 0 ? &dA : nullptr);
        layer.db = layer.dZ.mean(0);  // a mean, while dW is a sum
    }
}

void gradient_descent(ScratchNetwork& net, Scalar lr) {
    for (ScratchLayer& layer : net.layers) {
        if (layer.dW.empty()) throw std::logic_error("gradient_descent: run backpropagation first");
        layer.W -= lr * layer.dW;
        layer.b -= lr * layer.db;
    }
}

}  // namespace neurona
