#include "neurona/optimizers.hpp"

#include <cmath>
#include <stdexcept>

namespace neurona {

void Optimizer::ensure_slots(std::vector<Matrix>& slots, const std::vector<Param>& params) const {
    if (slots.empty()) {
        for (const Param& p : params) slots.emplace_back(p.value->rows(), p.value->cols());
        return;
    }
    if (slots.size() != params.size())
        throw std::invalid_argument(name() + ": got " + std::to_string(params.size()) +
                                    " parameters, but the optimizer was used with " +
                                    std::to_string(slots.size()));
    for (std::size_t i = 0; i < params.size(); ++i)
        if (!slots[i].same_shape(*params[i].value))
            throw_shape_error(name() + ": parameter " + std::to_string(i) + " (" + params[i].name + ")",
                              *params[i].value, slots[i], " (the shape changed since the last step)");
}

namespace {
void check_gradient(const std::string& opt, const Param& p) {
    if (!p.grad->same_shape(*p.value))
        throw_shape_error(opt + ": parameter " + p.name + " and its gradient", *p.value, *p.grad);
}
}  // namespace

SGD::SGD(double lr, double momentum_, bool nesterov_)
    : Optimizer(lr), momentum(momentum_), nesterov(nesterov_) {
    if (lr < 0 || momentum_ < 0)
        throw std::invalid_argument("SGD: learning_rate and momentum must be >= 0");
}

void SGD::update(const std::vector<Param>& params) {
    const Scalar lr = static_cast<Scalar>(learning_rate), mu = static_cast<Scalar>(momentum);
    if (momentum == 0.0) {
        for (const Param& p : params) {
            check_gradient(name(), p);
            Scalar* w = p.value->data();
            const Scalar* g = p.grad->data();
            for (std::size_t i = 0; i < p.value->size(); ++i) w[i] -= lr * g[i];  // w = w - lr g
        }
        return;
    }
    ensure_slots(velocity_, params);
    for (std::size_t k = 0; k < params.size(); ++k) {
        check_gradient(name(), params[k]);
        Scalar* w = params[k].value->data();
        const Scalar* g = params[k].grad->data();
        Scalar* v = velocity_[k].data();
        for (std::size_t i = 0; i < velocity_[k].size(); ++i) {
            v[i] = mu * v[i] - lr * g[i];
            w[i] += nesterov ? mu * v[i] - lr * g[i] : v[i];
        }
    }
}

RMSprop::RMSprop(double lr, double rho_, double eps) : Optimizer(lr), rho(rho_), epsilon(eps) {}

void RMSprop::update(const std::vector<Param>& params) {
    ensure_slots(mean_square_, params);
    const Scalar lr = static_cast<Scalar>(learning_rate), r = static_cast<Scalar>(rho),
                 eps = static_cast<Scalar>(epsilon);
    for (std::size_t k = 0; k < params.size(); ++k) {
        check_gradient(name(), params[k]);
        Scalar* w = params[k].value->data();
        const Scalar* g = params[k].grad->data();
        Scalar* s = mean_square_[k].data();
        for (std::size_t i = 0; i < mean_square_[k].size(); ++i) {
            // A running mean of g^2 scales each weight's step by its recent gradient size.
            s[i] = r * s[i] + (1 - r) * g[i] * g[i];
            w[i] -= lr * g[i] / (std::sqrt(s[i]) + eps);
        }
    }
}

Adam::Adam(double lr, double b1, double b2, double eps)
    : Optimizer(lr), beta_1(b1), beta_2(b2), epsilon(eps) {}

void Adam::update(const std::vector<Param>& params) {
    ensure_slots(m_, params);
    ensure_slots(v_, params);
    ++t_;
    // The bias corrections of m and v folded into the step size, as Keras does.
    const double t = static_cast<double>(t_);
    const Scalar alpha = static_cast<Scalar>(learning_rate * std::sqrt(1 - std::pow(beta_2, t)) /
                                             (1 - std::pow(beta_1, t)));
    const Scalar b1 = static_cast<Scalar>(beta_1), b2 = static_cast<Scalar>(beta_2),
                 eps = static_cast<Scalar>(epsilon);
    for (std::size_t k = 0; k < params.size(); ++k) {
        check_gradient(name(), params[k]);
        Scalar* w = params[k].value->data();
        const Scalar* g = params[k].grad->data();
        Scalar* m = m_[k].data();
        Scalar* v = v_[k].data();
        for (std::size_t i = 0; i < m_[k].size(); ++i) {
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            w[i] -= alpha * m[i] / (std::sqrt(v[i]) + eps);
        }
    }
}

std::vector<std::string> optimizer_names() { return {"sgd", "rmsprop", "adam"}; }

std::unique_ptr<Optimizer> get_optimizer(const std::string& name) {
    if (name == "sgd") return std::make_unique<SGD>();
    if (name == "rmsprop") return std::make_unique<RMSprop>();
    if (name == "adam") return std::make_unique<Adam>();
    std::string known;
    for (const auto& n : optimizer_names()) known += (known.empty() ? "" : ", ") + n;
    throw std::invalid_argument("unknown optimizer '" + name + "'; known optimizers: " + known);
}

}  // namespace neurona
