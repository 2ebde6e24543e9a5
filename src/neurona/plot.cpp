#include "neurona/plot.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

#include <gnuplot-iostream.h>

namespace neurona::plot {

namespace {

// gnuplot strings are single-quoted; a quote inside is doubled.
std::string quoted(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("''") : std::string(1, c);
    return q + "'";
}

void check(const std::vector<Series>& series) {
    for (const auto& s : series)
        if (s.x.size() != s.y.size())
            throw std::invalid_argument("plot: series '" + s.title + "' has " + std::to_string(s.x.size()) +
                                        " x values and " + std::to_string(s.y.size()) + " y values");
}

// Sends the commands for a line plot of `series` to gnuplot (terminal and output already set).
void send_lines(Gnuplot& gp, const Labels& labels, const std::vector<Series>& series) {
    gp << "set title " << quoted(labels.title) << "\n"
       << "set xlabel " << quoted(labels.xlabel) << "\n"
       << "set ylabel " << quoted(labels.ylabel) << "\n"
       << "set key top right\n";
    gp << "plot ";
    for (std::size_t i = 0; i < series.size(); ++i)
        gp << (i ? ", " : "") << "'-' with linespoints title " << quoted(series[i].title);
    gp << "\n";
    for (const auto& s : series) {
        std::vector<std::pair<double, double>> points;
        for (std::size_t i = 0; i < s.x.size(); ++i) points.emplace_back(s.x[i], s.y[i]);
        gp.send1d(points);
    }
}

void require_written(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec) || std::filesystem::file_size(path, ec) == 0)
        throw std::runtime_error(path + ": gnuplot did not write the plot (is gnuplot installed? `make setup`)");
}

}  // namespace

void line_png(const std::string& path, const Labels& labels, const std::vector<Series>& series) {
    check(series);
    {
        Gnuplot gp;  // closing it waits for gnuplot to finish the file
        gp << "set terminal pngcairo size 800,500\nset output " << quoted(path) << "\n";
        send_lines(gp, labels, series);
        gp << "unset output\n";
    }
    require_written(path);
}

std::string line_text(const Labels& labels, const std::vector<Series>& series, int width, int height) {
    check(series);
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("neurona_plot_" + std::to_string(::getpid()) + ".txt")).string();
    {
        Gnuplot gp;
        gp << "set terminal dumb size " << width << "," << height << "\nset output " << quoted(path) << "\n";
        send_lines(gp, labels, series);
        gp << "unset output\n";
    }
    std::ifstream f(path);
    std::stringstream text;
    text << f.rdbuf();
    std::remove(path.c_str());
    if (text.str().empty()) throw std::runtime_error("plot: gnuplot drew nothing (is gnuplot installed? `make setup`)");
    return text.str();
}

void image_png(const std::string& path, const Matrix& pixels, std::size_t rows, std::size_t cols,
               const std::string& title) {
    if (pixels.size() != rows * cols)
        throw std::invalid_argument("image_png: " + pixels.shape() + " does not hold a " + std::to_string(rows) +
                                    "x" + std::to_string(cols) + " image");
    {
        Gnuplot gp;
        gp << "set terminal pngcairo size 400,400\nset output " << quoted(path) << "\n"
           << "set title " << quoted(title) << "\n"
           << "set palette gray negative\nunset colorbox\nset size ratio -1\n"
           << "set xrange [-0.5:" << cols - 0.5 << "]\nset yrange [" << rows - 0.5 << ":-0.5]\n"
           << "plot '-' matrix with image notitle\n";
        for (std::size_t r = 0; r < rows; ++r) {
            for (std::size_t c = 0; c < cols; ++c) gp << (c ? " " : "") << pixels.data()[r * cols + c];
            gp << "\n";
        }
        gp << "e\nunset output\n";
    }
    require_written(path);
}

std::vector<double> epochs_axis(std::size_t n) {
    std::vector<double> x(n);
    for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<double>(i + 1);
    return x;
}

}  // namespace neurona::plot
