#include "neurona/callbacks.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <ostream>
#include <stdexcept>
#include <unistd.h>

#include "neurona/model.hpp"
#include "neurona/names.hpp"

namespace neurona {

const std::vector<double>& History::operator[](const std::string& key) const {
    auto it = history.find(key);
    if (it == history.end()) {
        throw std::out_of_range("History: no series '" + key + "'; it has: " + join_names(keys_of(history)));
    }
    return it->second;
}

std::string format_time_per_step(double seconds) {
    char buf[32];
    if (seconds >= 1.0)
        std::snprintf(buf, sizeof buf, "%.0fs/step", seconds);
    else if (seconds >= 1e-3)
        std::snprintf(buf, sizeof buf, "%.0fms/step", seconds * 1e3);
    else
        std::snprintf(buf, sizeof buf, "%.0fus/step", seconds * 1e6);
    return buf;
}

ProgressBar::ProgressBar(std::size_t steps, int verbose, std::ostream& out)
    : steps_(steps), verbose_(verbose), out_(out),
      // Redrawing with '\r' only makes sense on a terminal; a log or a chapter check
      // gets the final line only.
      live_(verbose == 1 && &out == &std::cout && isatty(STDOUT_FILENO)),
      start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

namespace {
std::string format_values(const std::vector<std::pair<std::string, double>>& values) {
    std::string s;
    char buf[64];
    for (const auto& [name, v] : values) {
        // Keras prints a NaN as "nan"; printf's "%.4f" would print "-nan" for some of them.
        if (std::isnan(v)) std::snprintf(buf, sizeof buf, " - %s: nan", name.c_str());
        else std::snprintf(buf, sizeof buf, " - %s: %.4f", name.c_str(), v);
        s += buf;
    }
    return s;
}
}  // namespace

std::string ProgressBar::line(std::size_t step,
                              const std::vector<std::pair<std::string, double>>& values,
                              bool done) const {
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    // Keras pads the step to the width of the total: " 3/16".
    const std::string total = std::to_string(steps_);
    std::string counter = std::to_string(step);
    if (counter.size() < total.size()) counter.insert(0, total.size() - counter.size(), ' ');
    counter += "/" + total;
    if (verbose_ == 2) {
        char buf[64];
        std::snprintf(buf, sizeof buf, " - %.0fs", elapsed);
        return counter + buf + format_values(values) + " - " +
               std::to_string(static_cast<long long>(std::lround(elapsed * 1e3))) + "ms/epoch - " +
               format_time_per_step(elapsed / static_cast<double>(std::max<std::size_t>(step, 1)));
    }
    // Keras's 30-character bar: '=' for the part done, the last of them a '>' until every
    // step is done (also when a callback stopped the epoch: "3/4 [=====================>........]").
    const std::size_t width = 30;
    const std::size_t filled = steps_ ? std::min(width, width * step / steps_) : width;
    std::string bar(filled, '=');
    if (filled > 0 && step < steps_) bar.back() = '>';
    bar.resize(width, '.');
    std::string s = counter + " [" + bar + "] - ";
    char buf[64];
    if (done) {
        std::snprintf(buf, sizeof buf, "%.0fs ", elapsed);
        s += buf + format_time_per_step(elapsed / static_cast<double>(std::max<std::size_t>(step, 1)));
    } else {
        const double eta = step ? elapsed / static_cast<double>(step) * static_cast<double>(steps_ - step) : 0;
        std::snprintf(buf, sizeof buf, "ETA: %.0fs", eta);
        s += buf;
    }
    return s + format_values(values);
}

void ProgressBar::update(std::size_t step, const std::vector<std::pair<std::string, double>>& values) {
    if (!live_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    out_ << '\r' << line(step, values, false) << std::flush;
}

void ProgressBar::finish(const std::vector<std::pair<std::string, double>>& values) { finish(steps_, values); }

void ProgressBar::finish(std::size_t step, const std::vector<std::pair<std::string, double>>& values) {
    if (verbose_ == 0) return;
    if (live_) out_ << '\r';
    out_ << line(step, values, true);
    if (live_) out_ << "\033[K";  // clear what a longer live line left behind
    out_ << '\n' << std::flush;
}

bool higher_is_better(const std::string& monitor) {
    // Keras's "auto" mode: accuracies are better higher, losses and errors lower.
    const std::string name = monitor.rfind("val_", 0) == 0 ? monitor.substr(4) : monitor;
    if (name == "acc" || name.find("accuracy") != std::string::npos) return true;
    for (const char* lower_is_better : {"loss", "mae", "mse", "rmse", "mean_absolute_error", "mean_squared_error",
                                        "root_mean_squared_error"})
        if (name == lower_is_better) return false;
    throw std::invalid_argument("cannot tell whether '" + monitor +
                                "' should go up or down; pass mode \"min\" or \"max\"");
}

namespace {
bool maximize_for(const EarlyStoppingOptions& o) {
    if (o.mode == "max") return true;
    if (o.mode == "min") return false;
    if (o.mode != "auto")
        throw std::invalid_argument("EarlyStopping: mode must be auto, min or max, got '" + o.mode + "'");
    try {
        return higher_is_better(o.monitor);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(std::string("EarlyStopping: ") + e.what());
    }
}
}  // namespace

EarlyStopping::EarlyStopping(EarlyStoppingOptions options)
    : options_(std::move(options)), maximize_(maximize_for(options_)) {
    options_.min_delta = std::abs(options_.min_delta);
}

bool EarlyStopping::improves(double value, double reference) const {
    return maximize_ ? value - options_.min_delta > reference : value + options_.min_delta < reference;
}

void EarlyStopping::on_train_begin(Sequential& /*model*/) {
    // Reset, so that one callback can serve several fits (as Keras allows).
    wait_ = stopped_epoch_ = best_epoch_ = 0;
    best_ = maximize_ ? -INFINITY : INFINITY;
    best_weights_.reset();
}

bool EarlyStopping::on_epoch_end(std::size_t epoch, const Logs& logs, Sequential& model) {
    const auto it = logs.find(options_.monitor);
    if (it == logs.end()) {
        throw std::invalid_argument("EarlyStopping: monitor '" + options_.monitor +
                                    "' is not among the values of the epoch (" + join_names(keys_of(logs)) +
                                    "); val_* values need validation_data or validation_split");
    }
    const double value = it->second;
    // Until an epoch improves, the first epoch's weights are the best ones.
    if (options_.restore_best_weights && !best_weights_) {
        best_weights_ = model.get_weights();
        best_epoch_ = epoch;
    }
    ++wait_;
    if (improves(value, best_)) {
        best_ = value;
        best_epoch_ = epoch;
        if (options_.restore_best_weights) best_weights_ = model.get_weights();
        wait_ = 0;
        return false;
    }
    if (wait_ >= options_.patience && epoch > 0) {
        stopped_epoch_ = epoch;
        return true;
    }
    return false;
}

void EarlyStopping::on_train_end(Sequential& model) {
    if (stopped_epoch_ > 0 && options_.verbose > 0)
        std::cout << "Epoch " << stopped_epoch_ + 1 << ": early stopping\n";
    if (options_.restore_best_weights && best_weights_) {
        if (options_.verbose > 0)
            std::cout << "Restoring model weights from the end of the best epoch: " << best_epoch_ + 1 << ".\n";
        model.set_weights(*best_weights_);
    }
}

void TerminateOnNaN::on_train_begin(Sequential& /*model*/) { terminated_ = false; }

bool TerminateOnNaN::on_batch_end(std::size_t batch, const Logs& logs) {
    const auto it = logs.find("loss");
    if (it == logs.end() || std::isfinite(it->second)) return false;
    if (!label_.empty()) std::cout << label_ << ": ";
    std::cout << "Batch " << batch << ": Invalid loss, terminating training\n";
    terminated_ = true;
    return true;
}

}  // namespace neurona
