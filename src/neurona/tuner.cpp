#include "neurona/tuner.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>
#include <stdexcept>

#include "neurona/callbacks.hpp"
#include "neurona/layers/dense.hpp"
#include "neurona/names.hpp"
#include "neurona/random.hpp"

namespace neurona {

namespace {
// %g keeps learning rates readable: 0.001, 1e-05. A NaN score is "nan", as Keras Tuner
// prints it (printf's "%g" would print "-nan" for some NaNs).
std::string short_number(double x, const char* format = "%g") {
    if (std::isnan(x)) return "nan";
    char buf[32];
    std::snprintf(buf, sizeof buf, format, x);
    return buf;
}
}  // namespace

std::string HyperParameters::to_string() const {
    return "hidden_layers=" + std::to_string(hidden_layers) + " units=" + std::to_string(units) +
           " learning_rate=" + short_number(learning_rate) + " optimizer=" + optimizer;
}

std::size_t SearchSpace::size() const {
    return hidden_layers.size() * units.size() * learning_rates.size() * optimizers.size();
}

std::vector<HyperParameters> SearchSpace::combinations() const {
    if (hidden_layers.empty() || units.empty() || learning_rates.empty() || optimizers.empty())
        throw std::invalid_argument("SearchSpace: every list of choices needs at least one value");
    for (double lr : learning_rates)
        if (!(lr > 0)) throw std::invalid_argument("SearchSpace: learning rate " + short_number(lr) + " is not > 0");
    for (const auto& name : optimizers) get_optimizer(name);  // throws, listing the known names
    std::vector<HyperParameters> all;
    for (std::size_t layers : hidden_layers)
        for (std::size_t u : units)
            for (double lr : learning_rates)
                for (const auto& opt : optimizers) all.push_back({layers, u, lr, opt});
    return all;
}

ModelBuilder mlp_builder(MlpSpec spec) {
    return [spec](const HyperParameters& hp) {
        Sequential model;
        // The first layer carries the input shape, so the model is built at once.
        for (std::size_t l = 0; l < hp.hidden_layers; ++l)
            model.add(l == 0 ? Dense(hp.units, spec.hidden_activation, InputShape{spec.inputs})
                             : Dense(hp.units, spec.hidden_activation));
        model.add(hp.hidden_layers == 0 ? Dense(spec.outputs, spec.output_activation, InputShape{spec.inputs})
                                        : Dense(spec.outputs, spec.output_activation));
        auto optimizer = get_optimizer(hp.optimizer);
        optimizer->set("learning_rate", hp.learning_rate);
        model.compile(spec.loss, *optimizer, spec.metrics);
        return model;
    };
}

Tuner::Tuner(ModelBuilder builder, std::string objective)
    : builder_(std::move(builder)), objective_(std::move(objective)),
      maximize_(higher_is_better(objective_)) {
    if (!builder_) throw std::invalid_argument("Tuner: the model builder is empty");
}

bool Tuner::better(double a, double b) const {
    if (std::isnan(b)) return !std::isnan(a);  // a failed trial is beaten by any score
    return maximize_ ? a > b : a < b;
}

void Tuner::search(const Matrix& X, const Matrix& y, const FitOptions& options) {
    if (objective_.rfind("val_", 0) == 0 && !options.validation_data && options.validation_split == 0)
        throw std::invalid_argument("Tuner: objective '" + objective_ +
                                    "' needs validation_data or validation_split in the search options");
    const std::vector<HyperParameters> tries = candidates();
    trials_.clear();
    best_.reset();
    best_model_.reset();
    // Each trial stops gracefully when its loss turns NaN (a too large learning rate), so
    // one bad combination does not end the whole search.
    TerminateOnNaN nan_guard;
    // A trial is scored by its best epoch, so the model it keeps is that epoch's (Keras
    // Tuner keeps the best epoch's checkpoint): an early stopping that never stops, only
    // restores.
    EarlyStopping keep_best({.monitor = objective_,
                             .patience = std::numeric_limits<std::size_t>::max(),
                             .mode = maximize_ ? "max" : "min",
                             .restore_best_weights = true});
    FitOptions fit_options = options;
    fit_options.callbacks.push_back(&nan_guard);
    fit_options.callbacks.push_back(&keep_best);
    // Every trial starts from the same random state, so a trial's score does not depend on
    // the trials before it, and the search repeats after set_global_seed.
    const std::uint64_t trial_seed = global_rng().next_u64();
    for (std::size_t i = 0; i < tries.size(); ++i) {
        set_global_seed(trial_seed);
        nan_guard.set_label("Trial " + std::to_string(i + 1) + " (" + tries[i].to_string() + ")");
        Sequential model = builder_(tries[i]);
        History history;
        try {
            history = model.fit(X, y, fit_options);
        } catch (const std::invalid_argument& e) {
            // Bad data, or an objective that is not among the epoch's values (keep_best
            // finds out at the end of the first epoch): say which trial it was.
            throw std::invalid_argument("Tuner: trial " + std::to_string(i + 1) + " (" + tries[i].to_string() +
                                        "): " + e.what());
        }
        const auto series = history.history.find(objective_);
        if (series == history.history.end()) {
            throw std::invalid_argument("Tuner: objective '" + objective_ + "' is not in the History (" +
                                        join_names(keys_of(history.history)) +
                                        "); val_* objectives need validation_data or validation_split");
        }
        double score = NAN;
        if (!nan_guard.terminated())
            for (double v : series->second)
                if (better(v, score)) score = v;
        trials_.push_back({i, tries[i], score, std::move(history)});
        if (!best_ || better(score, trials_[*best_].score)) {
            best_ = i;
            best_model_.emplace(std::move(model));
        }
        if (options.verbose > 0)
            std::cout << "Trial " << i + 1 << "/" << tries.size() << " Complete - " << objective_ << ": "
                      << short_number(score) << " - Best " << objective_
                      << " So Far: " << short_number(trials_[*best_].score) << "\n";
    }
}

std::vector<Trial> Tuner::results() const {
    std::vector<Trial> ranked = trials_;
    std::stable_sort(ranked.begin(), ranked.end(),
                     [this](const Trial& a, const Trial& b) { return better(a.score, b.score); });
    return ranked;
}

const Trial& Tuner::best_trial() const {
    if (!best_) throw std::logic_error("Tuner: no trials yet; call search() first");
    return trials_[*best_];
}

Sequential& Tuner::best_model() {
    if (!best_model_) throw std::logic_error("Tuner: no trials yet; call search() first");
    return *best_model_;
}

void Tuner::results_summary(std::ostream& out, std::size_t num_trials) const {
    const auto ranked = results();
    const std::size_t shown = std::min(num_trials, ranked.size());
    out << "Results summary\nShowing " << shown << " best trials\nObjective(name=\"" << objective_
        << "\", direction=\"" << (maximize_ ? "max" : "min") << "\")\n";
    char line[160];
    std::snprintf(line, sizeof line, "%5s %6s %14s %6s %14s %10s %12s\n", "rank", "trial", "hidden_layers", "units",
                  "learning_rate", "optimizer", "score");
    out << line;
    for (std::size_t r = 0; r < shown; ++r) {
        const Trial& t = ranked[r];
        const HyperParameters& hp = t.hyperparameters;
        std::snprintf(line, sizeof line, "%5zu %6zu %14zu %6zu %14s %10s %12s\n", r + 1, t.id, hp.hidden_layers,
                      hp.units, short_number(hp.learning_rate).c_str(), hp.optimizer.c_str(),
                      short_number(t.score, "%.6g").c_str());
        out << line;
    }
}

void Tuner::results_summary(std::size_t num_trials) const { results_summary(std::cout, num_trials); }

GridSearch::GridSearch(ModelBuilder builder, SearchSpace space, std::string objective)
    : Tuner(std::move(builder), std::move(objective)), space_(std::move(space)) {
    space_.combinations();  // checks the space now, not at search time
}

RandomSearch::RandomSearch(ModelBuilder builder, SearchSpace space, std::string objective,
                           std::size_t max_trials, std::uint64_t seed)
    : Tuner(std::move(builder), std::move(objective)), space_(std::move(space)), max_trials_(max_trials),
      seed_(seed) {
    if (max_trials == 0) throw std::invalid_argument("RandomSearch: max_trials must be > 0");
    space_.combinations();
}

std::vector<HyperParameters> RandomSearch::candidates() const {
    // A random order of the whole grid, cut at max_trials: random trials that never repeat.
    const std::vector<HyperParameters> all = space_.combinations();
    Rng rng(seed_);
    const std::vector<std::size_t> order = rng.permutation(all.size());
    std::vector<HyperParameters> picked;
    for (std::size_t i = 0; i < std::min(max_trials_, all.size()); ++i) picked.push_back(all[order[i]]);
    return picked;
}

}  // namespace neurona
