/// @file optimizers/optimizer.hpp
/// The Optimizer interface, and what every optimizer gets from its settings table.
///
/// An optimizer is declared once, in its own two files (docs/adding-an-optimizer.md):
/// - a settings struct with Keras's names and defaults, so that Adam({.learning_rate = 0.01,
///   .beta_1 = 0.8}) reads like Keras's Adam(learning_rate=0.01, beta_1=0.8);
/// - its table, the one list of those settings with the range each must be in. OptimizerWith
///   serves everything generic from it: construction, the checks, clone, settings() and set()
///   by name, description(); get_optimizer, save and load_model use those;
/// - its step (the formula, in the header's comment and in step()) and its running state
///   (state(): its slots and numbers), which save writes and load_model restores.
///
/// It is made constructible by name by its include line in optimizers.hpp and one line in the
/// registry (optimizers.cpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "neurona/matmul.hpp"
#include "neurona/param.hpp"

namespace neurona {

/// The values a setting accepts: from low to high, each end included or not. NaN is in no
/// range.
struct Range {
    double low;                  ///< The lower end.
    double high;                 ///< The upper end.
    bool includes_low = true;    ///< [low, ...: low itself is accepted (otherwise (low, ...).
    bool includes_high = false;  ///< ..., high]: high itself is accepted (otherwise ..., high).
};

/// [0, inf): a learning rate, an accumulator's starting value, a penalty.
inline constexpr Range kNonNegative{0, std::numeric_limits<double>::infinity()};
/// (0, inf): a learning rate that the step divides by (Ftrl).
inline constexpr Range kPositive{0, std::numeric_limits<double>::infinity(), false};
/// (-inf, 0]: a power that makes the step shrink (Ftrl's learning_rate_power).
inline constexpr Range kNonPositive{-std::numeric_limits<double>::infinity(), 0, false, true};
/// [0, 1): a decay that must forget (1 would divide Adam's bias correction by 0); an epsilon.
inline constexpr Range kBelowOne{0, 1};
/// [0, 1]: a decay that may keep everything (SGD's momentum, RMSprop's rho).
inline constexpr Range kUpToOne{0, 1, true, true};

/// One row of a settings table: a setting's Keras name and the member of the settings struct
/// S that holds it, a number checked against its range or a flag (true or false).
template <class S>
struct Setting {
    /// A number: Setting{"beta_1", &AdamSettings::beta_1, kBelowOne}.
    constexpr Setting(const char* name_, double S::*number_, Range range_)
        : name(name_), number(number_), range(range_) {}
    /// A flag: Setting{"nesterov", &SGDSettings::nesterov}; 0 or 1 where a number is given.
    constexpr Setting(const char* name_, bool S::*flag_) : name(name_), flag(flag_) {}

    const char* name;              ///< Keras's name: "beta_1".
    double S::*number = nullptr;   ///< The member, when the setting is a number.
    bool S::*flag = nullptr;       ///< The member, when it is a flag.
    Range range = kUpToOne;        ///< The values a number may take (a flag's is unused).
};

/// An optimizer's table: its names and the one list of its N settings (members of S).
template <class S, std::size_t N>
struct SettingsTable {
    const char* name;        ///< Keras's string, "adam": get_optimizer's name and the model file's.
    const char* class_name;  ///< Keras's class, "Adam": the name messages and description() give.
    std::array<Setting<S>, N> settings;  ///< Every setting, learning_rate first.
};

/// A setting and its current value, as Optimizer::settings() lists them.
struct SettingValue {
    std::string name;  ///< Keras's name: "beta_1".
    double value;      ///< Its value; a flag's is 0 or 1.
    bool flag;         ///< Whether the setting is a flag (printed true or false).
};

/// Running state an optimizer keeps per parameter (Adam's m and v): one matrix per parameter,
/// of its shape, created at the first step with every value `initial`.
struct Slot {
    const char* name;               ///< Its name in the model file: "m", "velocity", ...
    std::vector<Matrix>* matrices;  ///< One per parameter, in update's order; empty before the first step.
    double initial = 0;             ///< The value it starts at (Adagrad's: initial_accumulator_value).
};

/// A running number beyond the step count (Nadam's product of its momentum schedule).
struct StateNumber {
    const char* name;  ///< Its name in the model file: "u_product".
    double* value;     ///< Where the optimizer keeps it.
};

/// An optimizer's running state, as pointers into it: save reads through them, load_model
/// writes through them. The step count is Optimizer::iterations.
struct OptimizerState {
    std::vector<Slot> slots;           ///< Per-parameter matrices.
    std::vector<StateNumber> numbers;  ///< Single numbers.
};

/// The interface: one update step over every parameter of a model, the settings by name, and
/// the running state.
class Optimizer {
public:
    virtual ~Optimizer() = default;

    /// Keras's name, the one get_optimizer() takes: "sgd", "rmsprop", "adam", ...
    virtual std::string name() const = 0;
    /// Keras's class name, "SGD", "Adam": what messages and description() call it.
    virtual std::string class_name() const = 0;

    /// Applies one step: each p.value moves using p.grad (same shapes). The list must be the
    /// same parameters, in the same order, at every call (state is kept per position). The
    /// bookkeeping every optimizer needs is here, once: it checks the gradients' shapes and
    /// the list against the slots (a different count or shape throws std::invalid_argument
    /// before any weight moves), creates the slots at the first step, counts the step in
    /// iterations, then calls the optimizer's own step().
    void update(const std::vector<Param>& params);

    /// A fresh copy with the same settings and no state (compile() takes one).
    virtual std::unique_ptr<Optimizer> clone() const = 0;

    /// Every setting and its value, in the table's order, learning_rate first.
    virtual std::vector<SettingValue> settings() const = 0;
    /// The value of the setting called `setting` (Keras's name; a flag gives 0 or 1).
    /// Throws std::invalid_argument listing the optimizer's settings when there is none.
    double get(const std::string& setting) const;
    /// Changes one setting by its Keras name, checked as the constructor checks it; a flag
    /// takes 0 or 1. The learning rate may change between steps this way (the tuner does).
    /// Throws std::invalid_argument("Adam: beta_1 must be in [0, 1), got 1"), or listing the
    /// optimizer's settings when `setting` is not one of them.
    virtual void set(const std::string& setting, double value) = 0;
    /// One line, as Keras would write the call:
    /// "Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07)".
    std::string description() const;

    /// The steps taken (Keras's optimizer.iterations). During step() it is the number of the
    /// step being taken: 1 at the first.
    std::uint64_t iterations = 0;
    /// The running state besides iterations, as pointers into this optimizer; its slots are
    /// empty before the first step.
    virtual OptimizerState state() = 0;

protected:
    /// The optimizer's own formula over every parameter. update() has checked the shapes,
    /// created the slots and counted the step.
    virtual void step(const std::vector<Param>& params) = 0;

    /// Applies step(w, g, slot...) to every element of every parameter: w the weight (updated
    /// in place), g its gradient, and the element at the same place of each slot matrix given
    /// (Adam passes m_ and v_). Each optimizer's step() is then just its formula. A template,
    /// so that the formula is inlined and the loop vectorised as if written out.
    /// A large parameter is split over matmul's pool in fixed chunks (parallel_chunks): each
    /// element is updated on its own, so the thread count changes who updates it, never how.
    template <class Step, class... Slots>
    static void for_each_weight(const std::vector<Param>& params, Step step, Slots&... slots) {
        for (std::size_t k = 0; k < params.size(); ++k) {
            Scalar* w = params[k].value->data();
            const Scalar* g = params[k].grad->data();
            const auto state = std::make_tuple(slots[k].data()...);
            parallel_chunks(params[k].value->size(), kParallelChunk, [&](std::size_t begin, std::size_t end) {
                for (std::size_t i = begin; i < end; ++i)
                    std::apply([&](auto*... s) { step(w[i], g[i], s[i]...); }, state);
            });
        }
    }
};

/// Throws std::invalid_argument("<optimizer>: <setting> must be in [low, high), got <value>")
/// unless `value` is in `range`; for a flag, ("<optimizer>: <setting> must be 0 or 1, got
/// <value>") unless it is 0 or 1.
void check_setting(const std::string& optimizer, const std::string& setting, double value, const Range& range,
                   bool flag);
/// Throws std::invalid_argument("unknown <Optimizer> setting '<setting>'; known ... names: ...").
[[noreturn]] void throw_unknown_setting(const Optimizer& optimizer, const std::string& setting);

/// What optimizer O gets from its table, O::table (a SettingsTable<S, N>): its names, its
/// construction from its settings struct S or from a learning rate (checked), clone,
/// settings(), set(). O inherits S, so Adam's beta_1 is adam.beta_1; and O writes only its
/// table, step() and state().
template <class O, class S>
class OptimizerWith : public Optimizer, public S {
public:
    /// From its settings: Adam({.learning_rate = 0.01, .beta_1 = 0.8}), the others at Keras's
    /// defaults. Each is checked against the table: throws std::invalid_argument
    /// ("Adam: beta_1 must be in [0, 1), got 1").
    explicit OptimizerWith(const S& settings = {}) : S(settings) {
        for (const Setting<S>& s : O::table.settings)
            check_setting(O::table.class_name, s.name, read(s), s.range, s.flag != nullptr);
    }
    /// Keras's first positional argument, the learning rate: Adam(0.01).
    explicit OptimizerWith(double learning_rate) : OptimizerWith(S{.learning_rate = learning_rate}) {}

    /// The table's name, "adam".
    std::string name() const override { return O::table.name; }
    /// The table's class name, "Adam".
    std::string class_name() const override { return O::table.class_name; }
    /// A new O from this one's settings: the same settings, no state.
    std::unique_ptr<Optimizer> clone() const override { return std::make_unique<O>(static_cast<const S&>(*this)); }

    /// Every row of the table with the value of its member.
    std::vector<SettingValue> settings() const override {
        std::vector<SettingValue> values;
        for (const Setting<S>& s : O::table.settings) values.push_back({s.name, read(s), s.flag != nullptr});
        return values;
    }

    /// Finds `setting` in the table, checks `value` against its range and writes the member.
    void set(const std::string& setting, double value) override {
        for (const Setting<S>& s : O::table.settings) {
            if (setting != s.name) continue;
            check_setting(O::table.class_name, s.name, value, s.range, s.flag != nullptr);
            if (s.flag) static_cast<S&>(*this).*s.flag = value != 0;
            else static_cast<S&>(*this).*s.number = value;
            return;
        }
        throw_unknown_setting(*this, setting);
    }

private:
    double read(const Setting<S>& s) const {
        const S& settings = *this;
        return s.flag ? (settings.*s.flag ? 1.0 : 0.0) : settings.*s.number;
    }
};

}  // namespace neurona
