#include "neurona/progress_bar.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <ostream>
#include <unistd.h>

namespace neurona {

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

}  // namespace neurona
