#include "neurona/callbacks.hpp"

#include <cmath>
#include <iostream>
#include <stdexcept>

#include "neurona/model.hpp"
#include "neurona/names.hpp"

namespace neurona {

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
