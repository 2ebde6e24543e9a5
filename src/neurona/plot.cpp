#include "neurona/plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>
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
       // Below the plot, as the scatter plots: inside it, a curve drawn after a legend entry
       // crosses it (the text terminal has no opaque background) and hides the line it names.
       << "set key below horizontal\n";
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

// Removes an older plot at `path`, so that require_written sees this run's file or none.
void start_plot(const std::string& path) {
    std::error_code ec;
    std::filesystem::remove(path, ec);
}

void require_written(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec) || std::filesystem::file_size(path, ec) == 0)
        throw std::runtime_error(path + ": gnuplot did not write the plot (is gnuplot installed? `make setup`)");
}

}  // namespace

void line_png(const std::string& path, const Labels& labels, const std::vector<Series>& series) {
    check(series);
    start_plot(path);
    {
        Gnuplot gp;  // closing it waits for gnuplot to finish the file
        gp << "set terminal pngcairo noenhanced size 800,500\nset output " << quoted(path) << "\n";
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
        gp << "set terminal dumb noenhanced size " << width << "," << height << "\nset output " << quoted(path) << "\n";
        send_lines(gp, labels, series);
        gp << "unset output\n";
    }
    std::ifstream f(path);
    std::stringstream text;
    text << f.rdbuf();
    std::remove(path.c_str());
    std::string drawing = text.str();
    if (drawing.empty()) throw std::runtime_error("plot: gnuplot drew nothing (is gnuplot installed? `make setup`)");
    if (drawing[0] == '\f') drawing.erase(0, 1);  // the dumb terminal starts each page with a form feed
    return drawing;
}

void image_png(const std::string& path, const Matrix& pixels, std::size_t rows, std::size_t cols,
               const std::string& title) {
    if (pixels.size() != rows * cols)
        throw std::invalid_argument("image_png: " + pixels.shape() + " does not hold a " + std::to_string(rows) +
                                    "x" + std::to_string(cols) + " image");
    start_plot(path);
    {
        Gnuplot gp;
        gp << "set terminal pngcairo noenhanced size 400,400\nset output " << quoted(path) << "\n"
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

namespace {

void check_points(const char* where, const Matrix& X, const Matrix& y) {
    if (X.cols() != 2 || y.cols() != 1 || y.rows() != X.rows())
        throw_shape_error(std::string(where) + ": X must be (n, 2) and y (n, 1)", X, y);
    for (std::size_t i = 0; i < y.rows(); ++i) {
        const Scalar label = y(i, 0);
        if (!(label >= 0 && label < 100 && label == std::floor(label)))
            throw std::invalid_argument(std::string(where) + ": y row " + std::to_string(i) + " is " +
                                        std::to_string(label) + ", expected a class label 0, 1, ... (below 100)");
    }
}

// One "with points" series per class, sent after a plot command that announced them.
void send_classes(Gnuplot& gp, const Matrix& X, const Matrix& y, std::size_t classes) {
    for (std::size_t k = 0; k < classes; ++k) {
        std::vector<std::pair<double, double>> points;
        for (std::size_t i = 0; i < X.rows(); ++i)
            if (static_cast<std::size_t>(y(i, 0)) == k) points.emplace_back(X(i, 0), X(i, 1));
        if (points.empty()) points.emplace_back(NAN, NAN);  // gnuplot needs a point per series
        gp.send1d(points);
    }
}

std::string class_series(std::size_t classes) {
    std::string s;
    for (std::size_t k = 0; k < classes; ++k)
        s += ", '-' with points pt 7 ps 0.6 lc " + std::to_string(k + 1) + " title 'class " + std::to_string(k) + "'";
    return s;
}

std::size_t class_count(const Matrix& y) { return y.empty() ? 0 : static_cast<std::size_t>(y.max()) + 1; }

}  // namespace

void scatter_png(const std::string& path, const Labels& labels, const Matrix& X, const Matrix& y) {
    check_points("scatter_png", X, y);
    start_plot(path);
    {
        Gnuplot gp;
        gp << std::setprecision(6);  // gnuplot-iostream would send 18 digits per number
        gp << "set terminal pngcairo noenhanced size 640,560\nset output " << quoted(path) << "\n"
           << "set title " << quoted(labels.title) << "\nset xlabel " << quoted(labels.xlabel)
           << "\nset ylabel " << quoted(labels.ylabel) << "\nset size ratio -1\nset key below horizontal\n";
        gp << "plot " << class_series(class_count(y)).substr(2) << "\n";
        send_classes(gp, X, y, class_count(y));
        gp << "unset output\n";
    }
    require_written(path);
}

void decision_boundary_png(const std::string& path, const Labels& labels,
                           const std::function<Matrix(const Matrix&)>& predict, const Matrix& X,
                           const Matrix& y, std::size_t resolution) {
    check_points("decision_boundary_png", X, y);
    if (resolution < 2) throw std::invalid_argument("decision_boundary_png: resolution must be >= 2");
    start_plot(path);
    double lo[2], hi[2];
    for (int j = 0; j < 2; ++j) {
        lo[j] = hi[j] = X.rows() ? X(0, j) : 0;
        for (std::size_t i = 0; i < X.rows(); ++i) {
            lo[j] = std::min(lo[j], static_cast<double>(X(i, j)));
            hi[j] = std::max(hi[j], static_cast<double>(X(i, j)));
        }
        const double margin = 0.1 * (hi[j] - lo[j]) + 1e-9;
        lo[j] -= margin;
        hi[j] += margin;
    }
    // Every grid point in one batch: row r * resolution + c is (x_c, y_r).
    Matrix grid(resolution * resolution, 2);
    const double step[2] = {(hi[0] - lo[0]) / static_cast<double>(resolution - 1),
                            (hi[1] - lo[1]) / static_cast<double>(resolution - 1)};
    for (std::size_t r = 0; r < resolution; ++r)
        for (std::size_t c = 0; c < resolution; ++c) {
            grid(r * resolution + c, 0) = static_cast<Scalar>(lo[0] + step[0] * static_cast<double>(c));
            grid(r * resolution + c, 1) = static_cast<Scalar>(lo[1] + step[1] * static_cast<double>(r));
        }
    const Matrix scores = predict(grid);
    if (scores.rows() != grid.rows())
        throw_shape_error("decision_boundary_png: predict(grid) must give one row per point", scores, grid);
    // One sigmoid output: the probability of class 1; several outputs: the predicted class.
    const bool probability = scores.cols() == 1;
    const std::vector<std::size_t> argmax = probability ? std::vector<std::size_t>{} : scores.argmax();
    {
        Gnuplot gp;
        gp << std::setprecision(6);
        gp << "set terminal pngcairo noenhanced size 640,560\nset output " << quoted(path) << "\n"
           << "set title " << quoted(labels.title) << "\nset xlabel " << quoted(labels.xlabel)
           << "\nset ylabel " << quoted(labels.ylabel) << "\nset size ratio -1\nset key below horizontal\n"
           << "set xrange [" << lo[0] << ":" << hi[0] << "]\nset yrange [" << lo[1] << ":" << hi[1] << "]\n"
           << (probability ? "set palette defined (0 '#f4a582', 0.5 'white', 1 '#92c5de')\nset cbrange [0:1]\n"
                           : "set palette maxcolors 10\n")
           << "plot '-' using 1:2:3 with image notitle" << class_series(class_count(y)) << "\n";
        for (std::size_t i = 0; i < grid.rows(); ++i) {
            gp << grid(i, 0) << " " << grid(i, 1) << " "
               << (probability ? static_cast<double>(scores(i, 0)) : static_cast<double>(argmax[i])) << "\n";
            if ((i + 1) % resolution == 0) gp << "\n";  // a blank line ends each grid row
        }
        gp << "e\n";
        send_classes(gp, X, y, class_count(y));
        gp << "unset output\n";
    }
    require_written(path);
}

// gnuplot draws the cells as an image ('x y value' per cell, a blank line after each row)
// and, over it, the counts as labels: white on the darker cells, black on the lighter.
void confusion_png(const std::string& path, const std::string& title, const ConfusionMatrix& counts,
                   const std::vector<std::string>& names) {
    check_confusion("confusion_png", counts, names);
    const std::size_t k = counts.size();
    std::size_t largest = 0;
    for (const auto& row : counts) largest = std::max(largest, *std::max_element(row.begin(), row.end()));
    const double darkest = std::log10(static_cast<double>(largest) + 1);
    std::string tics;  // 'name' index, ... for both axes
    for (std::size_t j = 0; j < k; ++j) tics += (j ? ", " : "") + quoted(names[j]) + " " + std::to_string(j);
    start_plot(path);
    {
        Gnuplot gp;  // closing it waits for gnuplot to finish the file
        gp << "set terminal pngcairo noenhanced size 760,700\nset output " << quoted(path) << "\n"
           << "set title " << quoted(title) << "\nset xlabel 'predicted'\nset ylabel 'true'\n"
           << "set size ratio -1\nset xrange [-0.5:" << k - 0.5 << "]\nset yrange [" << k - 0.5 << ":-0.5]\n"
           << "set xtics rotate by 45 right\nunset key\n"
           << "set palette defined (0 '#FFFFFF', 1 '#C6DBEF', 2 '#2171B5', 3 '#08306B')\n"
           << "set cbrange [0:" << darkest << "]\nset cblabel 'log10(1 + count)'\n"
           << "set xtics (" << tics << ")\nset ytics (" << tics << ")\n"
           << "plot '-' using 1:2:(log10(1 + $3)) with image, "
           << "'-' using 1:2:(sprintf('%d', $3)):4 with labels tc rgb variable\n";
        for (std::size_t r = 0; r < k; ++r) {
            for (std::size_t c = 0; c < k; ++c) gp << c << " " << r << " " << counts[r][c] << "\n";
            gp << "\n";
        }
        gp << "e\n";
        for (std::size_t r = 0; r < k; ++r)
            for (std::size_t c = 0; c < k; ++c) {
                const bool dark = std::log10(static_cast<double>(counts[r][c]) + 1) > 0.6 * darkest;
                gp << c << " " << r << " " << counts[r][c] << " " << (dark ? 0xFFFFFF : 0x000000) << "\n";
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
