#include "neurona/layers/dropout.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <type_traits>

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
    if (!mask_.same_shape(A_prev)) mask_ = Matrix(A_prev.rows(), A_prev.cols());
    Matrix A(A_prev.rows(), A_prev.cols());
    // A value is kept when its draw u = k 2^-53 (Rng::uniform, k the top 53 bits) is
    // >= rate, that is when k >= ceil(rate 2^53): the same test in integers, exact, since
    // rate 2^53 is rate with its exponent moved. The mask is then keep_scale's bits or
    // zero's, chosen without a branch: a branch on a coin flip is mispredicted half the
    // time, and the loop (one draw per value, in order: the draws are a single sequence)
    // took 1.4 ms of the convnet's step. A = A_prev * mask in the same pass.
    using Bits = std::conditional_t<sizeof(Scalar) == 4, std::uint32_t, std::uint64_t>;
    const auto keep_from = static_cast<std::uint64_t>(std::ceil(rate_ * 0x1.0p53));
    const Bits keep_bits = std::bit_cast<Bits>(keep_scale);
    // The generator is copied in and out so that its state stays in registers: through the
    // global, every store to the mask would have to be assumed to change it.
    Rng rng = global_rng();
    const Scalar* a_prev = A_prev.data();
    Scalar* mask = mask_.data();
    Scalar* a = A.data();
    for (std::size_t i = 0, n = mask_.size(); i < n; ++i) {
        const Bits keep = static_cast<Bits>((rng.next_u64() >> 11) >= keep_from);
        mask[i] = std::bit_cast<Scalar>(static_cast<Bits>(keep_bits & (Bits{0} - keep)));
        a[i] = a_prev[i] * mask[i];
    }
    global_rng() = rng;
    return A;
}

Matrix Dropout::backward_pass(const Matrix& dA, bool /*need_dA_prev: always, no weights*/) {
    if (mask_.empty()) return dA;
    // In the forward pass: A = A_prev * mask, so dA_prev = dA * mask.
    return dA * mask_;
}

}  // namespace neurona
