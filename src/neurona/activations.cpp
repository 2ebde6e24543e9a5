#include "neurona/activations.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "neurona/matmul.hpp"
#include "neurona/names.hpp"

namespace neurona {

// ---------------------------------------------------------------------------------------
// The scalar functions, each followed by its derivative at z.
// ---------------------------------------------------------------------------------------

// sigmoid(z) = 1 / (1 + e^-z). Written with t = e^-|z|, which lies in (0, 1], so nothing
// overflows: for z >= 0 it is 1 / (1 + t), for z < 0 it is e^z / (1 + e^z) = t / (1 + t).
// The naive 1 / (1 + e^-z) overflows e^-z to inf in float at z < -88.
Scalar sigmoid(Scalar z) {
    const Scalar t = std::exp(-std::abs(z));
    return z >= 0 ? 1 / (1 + t) : t / (1 + t);
}
// sigmoid'(z) = sigmoid(z) (1 - sigmoid(z)) = e^-z / (1 + e^-z)^2. That is even in z, so
// it equals t / (1 + t)^2 with t = e^-|z|: finite everywhere, and it does not round to 0
// at large |z| the way s (1 - s) does once s rounds to 1.
Scalar sigmoid_derivative(Scalar z) {
    const Scalar t = std::exp(-std::abs(z));
    return t / ((1 + t) * (1 + t));
}

Scalar tanh_(Scalar z) { return std::tanh(z); }
// d/dz tanh(z) = 1 - tanh(z)^2.
Scalar tanh_derivative(Scalar z) {
    const Scalar a = std::tanh(z);
    return 1 - a * a;
}

// max(0, z), with NaN kept as NaN (TensorFlow's relu propagates it too). `z > 0 ? z : 0`
// alone would turn NaN into 0, since every comparison with NaN is false: a NaN weight would
// then leave a finite loss and a silently broken layer.
Scalar relu(Scalar z) { return std::isnan(z) || z > 0 ? z : 0; }
// The slope is 1 for z > 0 and 0 for z < 0; at the kink z = 0 we take 0, as TensorFlow does.
// At NaN it is 0 too, TensorFlow's ReluGrad (dA * (Z > 0)); dZ = dA * 0 is still NaN when the
// NaN comes down from the loss in dA, as it does once the forward pass carried it up.
Scalar relu_derivative(Scalar z) { return z > 0 ? 1 : 0; }

// The perceptron's step: 0 at z = 0, so z = w.x + b must be strictly positive to fire.
// NaN is on neither side of the jump and stays NaN, as in relu.
Scalar step(Scalar z) { return std::isnan(z) ? z : z > 0 ? 1 : 0; }
// Flat on both sides of the jump, so the derivative is 0 wherever it exists: a network
// of steps cannot learn by gradient descent (why the course moves on to sigmoid).
Scalar step_derivative(Scalar) { return 0; }

// softplus(z) = log(1 + e^z) = max(z, 0) + log(1 + e^-|z|): for z > 0,
// log(1 + e^z) = z + log(e^-z + 1). The second form never exponentiates a positive number,
// and log1p keeps the small term accurate when e^-|z| is tiny.
Scalar softplus(Scalar z) { return std::max(z, Scalar(0)) + std::log1p(std::exp(-std::abs(z))); }
// d/dz log(1 + e^z) = e^z / (1 + e^z) = sigmoid(z).
Scalar softplus_derivative(Scalar z) { return sigmoid(z); }

Scalar softsign(Scalar z) { return z / (1 + std::abs(z)); }
// Quotient rule on each side of 0: for z > 0, d/dz z / (1 + z) = 1 / (1 + z)^2, and the
// z < 0 side mirrors it, so 1 / (1 + |z|)^2.
Scalar softsign_derivative(Scalar z) {
    const Scalar d = 1 + std::abs(z);
    return 1 / (d * d);
}

// elu(z) = z for z > 0, e^z - 1 otherwise (alpha = 1); expm1 keeps e^z - 1 accurate near 0.
Scalar elu(Scalar z) { return z > 0 ? z : std::expm1(z); }
// d/dz (e^z - 1) = e^z; the two sides meet at slope 1 at z = 0, which is also what
// TensorFlow's EluGrad gives there (it branches on the output: 1 unless elu(z) < 0).
Scalar elu_derivative(Scalar z) { return z > 0 ? 1 : std::exp(z); }

// SELU's constants (Klambauer et al. 2017), the ones Keras uses.
constexpr Scalar kSeluAlpha = static_cast<Scalar>(1.6732632423543772848170429916717);
constexpr Scalar kSeluScale = static_cast<Scalar>(1.0507009873554804934193349852946);

// selu(z) = scale * z for z > 0, scale * alpha * (e^z - 1) otherwise.
Scalar selu(Scalar z) { return kSeluScale * (z > 0 ? z : kSeluAlpha * std::expm1(z)); }
// d/dz: scale for z > 0, scale * alpha * e^z for z < 0. The two sides do not meet at the
// kink (scale vs scale * alpha = 1.7581); at z = 0 we take scale, as TensorFlow's SeluGrad
// does (it branches on the output, scale unless selu(z) < 0). NaN gives NaN.
Scalar selu_derivative(Scalar z) { return kSeluScale * (z >= 0 ? 1 : kSeluAlpha * std::exp(z)); }

Scalar exponential(Scalar z) { return std::exp(z); }
// e^z is its own derivative.
Scalar exponential_derivative(Scalar z) { return std::exp(z); }

// ---------------------------------------------------------------------------------------
// Matrix forms: forward A = g(Z), backward dZ = dL/dZ.
// ---------------------------------------------------------------------------------------

namespace {

// A = g(Z), elementwise.
template <Scalar (*g)(Scalar)>
Matrix elementwise_forward(const Matrix& Z) {
    Matrix A(Z.rows(), Z.cols());
    const Scalar* z = Z.data();
    Scalar* a = A.data();
    // Each value on its own: any split over the pool gives the same bits.
    parallel_chunks(Z.size(), kParallelChunk, [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) a[i] = g(z[i]);
    });
    return A;
}

// Chain rule through an elementwise A = g(Z): each A_i depends only on Z_i, so
// dL/dZ_i = dL/dA_i * g'(Z_i), i.e. dZ = dA * g'(Z). The derivative is taken at Z, not A.
template <Scalar (*g_prime)(Scalar)>
void elementwise_backward_into(const Matrix& Z, const Matrix& /*A*/, const Matrix& dA, Matrix& dZ) {
    if (!Z.same_shape(dA)) throw_shape_error("activation backward (Z, dA)", Z, dA);
    if (!dZ.same_shape(Z)) dZ = Matrix(Z.rows(), Z.cols());
    const Scalar* z = Z.data();
    const Scalar* da = dA.data();
    Scalar* dz = dZ.data();
    parallel_chunks(Z.size(), kParallelChunk, [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) dz[i] = da[i] * g_prime(z[i]);
    });
}

template <Scalar (*g_prime)(Scalar)>
Matrix elementwise_backward(const Matrix& Z, const Matrix& A, const Matrix& dA) {
    Matrix dZ;
    elementwise_backward_into<g_prime>(Z, A, dA, dZ);
    return dZ;
}

// linear: A = Z, so dZ = dA.
Matrix linear_forward(const Matrix& Z) { return Z; }
Matrix linear_backward(const Matrix& Z, const Matrix& /*A*/, const Matrix& dA) {
    if (!Z.same_shape(dA)) throw_shape_error("linear backward (Z, dA)", Z, dA);
    return dA;
}

// softmax couples the units of a row: A_i = e^Z_i / sum_k e^Z_k, so
// dA_i/dZ_j = A_i (delta_ij - A_j), and
// dZ_j = sum_i dA_i dA_i/dZ_j = A_j (dA_j - sum_i dA_i A_i), one dot product per row.
Matrix softmax_backward(const Matrix& /*Z*/, const Matrix& A, const Matrix& dA) {
    if (!A.same_shape(dA)) throw_shape_error("softmax backward (A, dA)", A, dA);
    Matrix dZ(A.rows(), A.cols());
    for (std::size_t r = 0; r < A.rows(); ++r) {
        const Scalar* a = A.row_ptr(r);
        const Scalar* da = dA.row_ptr(r);
        Scalar* dz = dZ.row_ptr(r);
        Scalar dot = 0;
        for (std::size_t j = 0; j < A.cols(); ++j) dot += da[j] * a[j];
        for (std::size_t j = 0; j < A.cols(); ++j) dz[j] = a[j] * (da[j] - dot);
    }
    return dZ;
}

// An activation applied value by value: A = g(Z), dZ = dA * g'(Z).
template <Scalar (*g)(Scalar), Scalar (*g_prime)(Scalar)>
ActivationFunction elementwise(const char* name) {
    return {name, elementwise_forward<g>, elementwise_backward<g_prime>, elementwise_backward_into<g_prime>};
}

// The registry, in the order of the header (activation_names() lists it as is).
const std::vector<ActivationFunction>& registry() {
    static const std::vector<ActivationFunction> activations = {
        {"linear", linear_forward, linear_backward},
        elementwise<sigmoid, sigmoid_derivative>("sigmoid"),
        elementwise<tanh_, tanh_derivative>("tanh"),
        elementwise<relu, relu_derivative>("relu"),
        elementwise<step, step_derivative>("step"),
        {"softmax", softmax, softmax_backward},
        elementwise<softplus, softplus_derivative>("softplus"),
        elementwise<softsign, softsign_derivative>("softsign"),
        elementwise<elu, elu_derivative>("elu"),
        elementwise<selu, selu_derivative>("selu"),
        elementwise<exponential, exponential_derivative>("exponential"),
    };
    return activations;
}

}  // namespace

// Softmax is unchanged by adding a constant c to a row: e^(Z_i + c) / sum_k e^(Z_k + c)
// = e^Z_i / sum_k e^Z_k. Taking c = -max(row) makes every exponent <= 0, so nothing
// overflows, and the largest term is e^0 = 1, so the sum is >= 1 and never 0.
Matrix softmax(const Matrix& Z) {
    Matrix A(Z.rows(), Z.cols());
    for (std::size_t r = 0; r < Z.rows(); ++r) {
        const Scalar* z = Z.row_ptr(r);
        Scalar* a = A.row_ptr(r);
        Scalar row_max = -std::numeric_limits<Scalar>::infinity();
        for (std::size_t j = 0; j < Z.cols(); ++j) row_max = std::max(row_max, z[j]);
        Scalar sum = 0;
        for (std::size_t j = 0; j < Z.cols(); ++j) {
            a[j] = std::exp(z[j] - row_max);
            sum += a[j];
        }
        for (std::size_t j = 0; j < Z.cols(); ++j) a[j] /= sum;
    }
    return A;
}

const ActivationFunction& get_activation(const std::string& name) {
    const std::string& wanted = name.empty() ? registry().front().name : name;  // "" is linear
    for (const ActivationFunction& activation : registry())
        if (activation.name == wanted) return activation;
    throw_unknown_name("activation", name, activation_names());
}

std::vector<std::string> activation_names() {
    std::vector<std::string> names;
    for (const ActivationFunction& activation : registry()) names.push_back(activation.name);
    return names;
}

}  // namespace neurona
