#include "neurona/optimizers.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
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

namespace {
// Adam and its variants: decay rates in [0, 1) (a rate of 1 never forgets and divides the
// bias correction by zero), epsilon in [0, 1).
void check_moment_settings(const char* name, double beta_1, double beta_2, double epsilon) {
    Optimizer::require_range(name, "beta_1", beta_1, 0, 1);
    Optimizer::require_range(name, "beta_2", beta_2, 0, 1);
    Optimizer::require_range(name, "epsilon", epsilon, 0, 1);
}
}  // namespace

Optimizer::Optimizer(const char* name, double lr) : learning_rate(lr) {
    require_range(name, "learning_rate", lr, 0, std::numeric_limits<double>::infinity());
}

void Optimizer::require_range(const char* name, const char* setting, double value, double low,
                              double high, bool high_inclusive) {
    const bool ok = value >= low && (high_inclusive ? value <= high : value < high);
    if (!ok)
        throw std::invalid_argument(std::string(name) + ": " + setting + " must be in [" + std::to_string(low) +
                                    ", " + (std::isinf(high) ? std::string("inf") : std::to_string(high)) +
                                    (high_inclusive ? "]" : ")") + ", got " + std::to_string(value));
}

SGD::SGD(double lr, double momentum_, bool nesterov_)
    : Optimizer("SGD", lr), momentum(momentum_), nesterov(nesterov_) {
    require_range("SGD", "momentum", momentum_, 0, 1, true);
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

RMSprop::RMSprop(double lr, double rho_, double eps) : Optimizer("RMSprop", lr), rho(rho_), epsilon(eps) {
    require_range("RMSprop", "rho", rho_, 0, 1, true);
    require_range("RMSprop", "epsilon", eps, 0, 1);
}

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
            w[i] -= lr * g[i] / std::sqrt(s[i] + eps);
        }
    }
}

Adam::Adam(double lr, double b1, double b2, double eps)
    : Optimizer("Adam", lr), beta_1(b1), beta_2(b2), epsilon(eps) {
    check_moment_settings("Adam", b1, b2, eps);
}

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

Adagrad::Adagrad(double lr, double initial, double eps)
    : Optimizer("Adagrad", lr), initial_accumulator_value(initial), epsilon(eps) {
    require_range("Adagrad", "initial_accumulator_value", initial, 0, std::numeric_limits<double>::infinity());
    require_range("Adagrad", "epsilon", eps, 0, 1);
}

void Adagrad::update(const std::vector<Param>& params) {
    const bool first_step = accumulator_.empty();
    ensure_slots(accumulator_, params);
    if (first_step)
        for (Matrix& a : accumulator_) a.fill(static_cast<Scalar>(initial_accumulator_value));
    const Scalar lr = static_cast<Scalar>(learning_rate), eps = static_cast<Scalar>(epsilon);
    for (std::size_t k = 0; k < params.size(); ++k) {
        check_gradient(name(), params[k]);
        Scalar* w = params[k].value->data();
        const Scalar* g = params[k].grad->data();
        Scalar* a = accumulator_[k].data();
        for (std::size_t i = 0; i < accumulator_[k].size(); ++i) {
            // The sum of every g^2 so far only grows, so each weight's steps only shrink.
            a[i] += g[i] * g[i];
            w[i] -= lr * g[i] / std::sqrt(a[i] + eps);
        }
    }
}

Adadelta::Adadelta(double lr, double rho_, double eps) : Optimizer("Adadelta", lr), rho(rho_), epsilon(eps) {
    require_range("Adadelta", "rho", rho_, 0, 1, true);
    require_range("Adadelta", "epsilon", eps, 0, 1);
}

void Adadelta::update(const std::vector<Param>& params) {
    ensure_slots(accumulated_grad_, params);
    ensure_slots(accumulated_delta_, params);
    const Scalar lr = static_cast<Scalar>(learning_rate), r = static_cast<Scalar>(rho),
                 eps = static_cast<Scalar>(epsilon);
    for (std::size_t k = 0; k < params.size(); ++k) {
        check_gradient(name(), params[k]);
        Scalar* w = params[k].value->data();
        const Scalar* g = params[k].grad->data();
        Scalar* s = accumulated_grad_[k].data();
        Scalar* d = accumulated_delta_[k].data();
        for (std::size_t i = 0; i < accumulated_grad_[k].size(); ++i) {
            s[i] = r * s[i] + (1 - r) * g[i] * g[i];
            // rms(past steps) / rms(past gradients): a step in the units of w.
            const Scalar delta = -std::sqrt(d[i] + eps) / std::sqrt(s[i] + eps) * g[i];
            d[i] = r * d[i] + (1 - r) * delta * delta;
            w[i] += lr * delta;
        }
    }
}

Adamax::Adamax(double lr, double b1, double b2, double eps)
    : Optimizer("Adamax", lr), beta_1(b1), beta_2(b2), epsilon(eps) {
    check_moment_settings("Adamax", b1, b2, eps);
}

void Adamax::update(const std::vector<Param>& params) {
    ensure_slots(m_, params);
    ensure_slots(u_, params);
    ++t_;
    // Only m needs a bias correction: u is a maximum, not a mean started at zero.
    const Scalar alpha = static_cast<Scalar>(learning_rate / (1 - std::pow(beta_1, static_cast<double>(t_))));
    const Scalar b1 = static_cast<Scalar>(beta_1), b2 = static_cast<Scalar>(beta_2),
                 eps = static_cast<Scalar>(epsilon);
    for (std::size_t k = 0; k < params.size(); ++k) {
        check_gradient(name(), params[k]);
        Scalar* w = params[k].value->data();
        const Scalar* g = params[k].grad->data();
        Scalar* m = m_[k].data();
        Scalar* u = u_[k].data();
        for (std::size_t i = 0; i < m_[k].size(); ++i) {
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            u[i] = std::max(b2 * u[i], std::abs(g[i]));
            w[i] -= alpha * m[i] / (u[i] + eps);
        }
    }
}

Nadam::Nadam(double lr, double b1, double b2, double eps)
    : Optimizer("Nadam", lr), beta_1(b1), beta_2(b2), epsilon(eps) {
    check_moment_settings("Nadam", b1, b2, eps);
}

void Nadam::update(const std::vector<Param>& params) {
    ensure_slots(m_, params);
    ensure_slots(v_, params);
    ++t_;
    const double t = static_cast<double>(t_);
    // Dozat's momentum schedule at this step and the next (the Nesterov look-ahead).
    const double mu_t = beta_1 * (1 - 0.5 * std::pow(0.96, t));
    const double mu_next = beta_1 * (1 - 0.5 * std::pow(0.96, t + 1));
    u_product_ *= mu_t;
    const Scalar c_m = static_cast<Scalar>(mu_next / (1 - u_product_ * mu_next));
    const Scalar c_g = static_cast<Scalar>((1 - mu_t) / (1 - u_product_));
    const Scalar v_correction = static_cast<Scalar>(1 - std::pow(beta_2, t));
    const Scalar lr = static_cast<Scalar>(learning_rate), b1 = static_cast<Scalar>(beta_1),
                 b2 = static_cast<Scalar>(beta_2), eps = static_cast<Scalar>(epsilon);
    for (std::size_t k = 0; k < params.size(); ++k) {
        check_gradient(name(), params[k]);
        Scalar* w = params[k].value->data();
        const Scalar* g = params[k].grad->data();
        Scalar* m = m_[k].data();
        Scalar* v = v_[k].data();
        for (std::size_t i = 0; i < m_[k].size(); ++i) {
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            const Scalar m_hat = c_m * m[i] + c_g * g[i];
            const Scalar v_hat = v[i] / v_correction;
            w[i] -= lr * m_hat / (std::sqrt(v_hat) + eps);
        }
    }
}

std::vector<std::string> optimizer_names() {
    return {"sgd", "rmsprop", "adam", "adagrad", "adadelta", "adamax", "nadam"};
}

std::unique_ptr<Optimizer> get_optimizer(const std::string& name) {
    if (name == "sgd") return std::make_unique<SGD>();
    if (name == "rmsprop") return std::make_unique<RMSprop>();
    if (name == "adam") return std::make_unique<Adam>();
    if (name == "adagrad") return std::make_unique<Adagrad>();
    if (name == "adadelta") return std::make_unique<Adadelta>();
    if (name == "adamax") return std::make_unique<Adamax>();
    if (name == "nadam") return std::make_unique<Nadam>();
    std::string known;
    for (const auto& n : optimizer_names()) known += (known.empty() ? "" : ", ") + n;
    throw std::invalid_argument("unknown optimizer '" + name + "'; known optimizers: " + known);
}

}  // namespace neurona
