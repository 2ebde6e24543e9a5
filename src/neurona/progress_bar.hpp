/// @file progress_bar.hpp
/// Keras's progress line, which fit and evaluate print.
#pragma once

#include <chrono>
#include <cstddef>
#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

namespace neurona {

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
    /// Ends the line with the final values (including val_* ones), every step done.
    void finish(const std::vector<std::pair<std::string, double>>& values);
    /// The same after only `step` of the steps (1-based), when a callback such as
    /// TerminateOnNaN stopped the epoch there: the line shows "3/8 [========...]".
    void finish(std::size_t step, const std::vector<std::pair<std::string, double>>& values);

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
