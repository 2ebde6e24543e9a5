/// @file callbacks.hpp
/// What fit reports: History (Keras's History object) and the progress line.
#pragma once

#include <chrono>
#include <cstddef>
#include <iosfwd>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace neurona {

/// Keras's History: params, the epoch numbers, and one series per metric
/// ("loss", "accuracy", "val_loss", "val_accuracy", ...), one value per epoch.
struct History {
    /// Keras's history.params: {"verbose", "epochs", "steps"}.
    std::map<std::string, std::size_t> params;
    /// 0, 1, ..., epochs - 1, as Keras's history.epoch.
    std::vector<std::size_t> epoch;
    /// Keras's history.history.
    std::map<std::string, std::vector<double>> history;

    /// The series for `key`; throws std::out_of_range listing the keys when it is absent.
    const std::vector<double>& operator[](const std::string& key) const;
};

/// Keras's progress line: "160/160 [==============================] - 0s 1ms/step - loss: 0.6810
/// - accuracy: 0.6300". With verbose 1 the bar is redrawn in place while a terminal watches
/// (at most ten times a second) and always ends with the full line; with verbose 2 only
/// the end-of-epoch line is printed, in Keras's short form; verbose 0 prints nothing.
class ProgressBar {
public:
    /// `steps` batches per epoch, printed to `out`.
    ProgressBar(std::size_t steps, int verbose, std::ostream& out);
    /// After batch `step` (1-based) with the running values so far.
    void update(std::size_t step, const std::vector<std::pair<std::string, double>>& values);
    /// Ends the line with the final values (including val_* ones).
    void finish(const std::vector<std::pair<std::string, double>>& values);

private:
    std::string line(std::size_t step, const std::vector<std::pair<std::string, double>>& values,
                     bool done) const;
    std::size_t steps_;
    int verbose_;
    std::ostream& out_;
    bool live_;
    std::chrono::steady_clock::time_point start_, last_draw_;
};

/// Keras's time per step: "2ms/step", "512us/step", "1s/step".
std::string format_time_per_step(double seconds);

}  // namespace neurona
