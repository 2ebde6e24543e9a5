// run_mnist: the course's first network on the real MNIST (course 1.4-1.5, "Tu primera red
// neuronal con Python y Keras"), as `make run-mnist` runs it.
//
//   default:    Dense(512, relu, input 784) -> Dense(10, softmax); rmsprop,
//               categorical_crossentropy, accuracy; 5 epochs, batch 128; pixels / 255.
//   quickstart: the TensorFlow quick start (course file 002): Flatten(28, 28) -> Dense(128,
//               relu) -> Dropout(0.2) -> Dense(10, softmax); adam, sparse_categorical_crossentropy;
//               5 epochs, Keras's default batch of 32.
//   convnet:    Keras's "simple MNIST convnet" (chapter 4.4): Conv2D(32, 3x3, relu, input
//               28x28x1) -> MaxPooling2D(2) -> Conv2D(64, 3x3, relu) -> MaxPooling2D(2) ->
//               Flatten -> Dropout(0.5) -> Dense(10, softmax), 34,826 parameters; adam,
//               categorical_crossentropy, accuracy; 12 epochs, batch 128, 10% of the training
//               images held out for validation, as Keras's example (validation_split=0.1).
//
// It trains, evaluates on the test set, saves the model to out/mnist/, loads it back as
// another program would and evaluates again (the same numbers), and draws the curves.
//
// Everything that can be checked before the long part is checked first: the options, that
// the output folder takes a file of the model's size, then the data (four IDX files, of
// 28 x 28 images); only then does it train.
#include <charconv>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

#include "neurona/data/idx.hpp"
#include "neurona/data/preprocessing.hpp"
#include "neurona/layers.hpp"
#include "neurona/matmul.hpp"
#include "neurona/model.hpp"
#include "neurona/plot.hpp"
#include "neurona/random.hpp"

#include "mnist_models.hpp"

using namespace neurona;

namespace {

struct Options {
    std::size_t epochs = 0;      // 0: the model's own, 5 (default, quickstart) or 12 (convnet)
    std::size_t batch_size = 0;  // 0: the model's own, 128 (default, convnet) or Keras's 32 (quickstart)
    // --threads N (0: every hardware thread); without it NEURONA_THREADS decides, as in every
    // program of the library (README), else every hardware thread.
    std::optional<std::size_t> threads;
    std::string model = "default";
    std::string out_dir = "out/mnist";
    std::uint64_t seed = 42;
};

const char* kUsage =
    "usage: run_mnist [--epochs N] [--batch-size N] [--threads N] [--model default|quickstart|convnet]\n"
    "                 [--out DIR] [--seed N]\n"
    "Reads MNIST from $MNIST_DIR (default data/mnist; `make mnist-data` fetches it).\n"
    "Threads: --threads N, else $NEURONA_THREADS, else every hardware thread (0 = every one).\n";

// The value of `flag` as a whole number in [low, high], or an error that names both.
std::uint64_t parse_count(const std::string& flag, const std::string& value, std::uint64_t low, std::uint64_t high) {
    std::uint64_t n = 0;
    const char* end = value.data() + value.size();
    const auto [ptr, ec] = std::from_chars(value.data(), end, n);
    if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos || ec != std::errc() ||
        ptr != end || n < low || n > high)
        throw std::invalid_argument(flag + ": expected a whole number from " + std::to_string(low) + " to " +
                                    std::to_string(high) + ", got '" + value + "'");
    return n;
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (flag == "--help" || flag == "-h") {
            std::cout << kUsage;
            std::exit(0);
        }
        if (i + 1 >= argc) throw std::invalid_argument(flag + " needs a value\n" + kUsage);
        const std::string value = argv[++i];
        if (flag == "--epochs") o.epochs = parse_count(flag, value, 1, 1'000'000);
        else if (flag == "--batch-size") o.batch_size = parse_count(flag, value, 1, 1'000'000);
        else if (flag == "--threads") o.threads = parse_count(flag, value, 0, 4096);
        else if (flag == "--seed") o.seed = parse_count(flag, value, 0, std::numeric_limits<std::uint64_t>::max());
        else if (flag == "--out") o.out_dir = value;
        else if (flag == "--model") o.model = value;
        else throw std::invalid_argument("unknown option " + flag + "\n" + kUsage);
    }
    if (o.model != "default" && o.model != "quickstart" && o.model != "convnet")
        throw std::invalid_argument("--model is 'default', 'quickstart' or 'convnet', got '" + o.model + "'");
    if (o.epochs == 0) o.epochs = o.model == "convnet" ? 12 : 5;
    if (o.batch_size == 0) o.batch_size = o.model == "quickstart" ? 32 : 128;
    return o;
}

// Creates the output folder and writes, then removes, a file as large as the saved model
// will be: a folder that cannot be written, or a disk without room for the model, is
// reported now, not after the whole training.
void check_output_folder(const std::string& dir, const Sequential& model) {
    std::size_t bytes = 64 * 1024;  // the text lines, with room to spare
    for (const Matrix& w : model.get_weights()) bytes += w.size() * sizeof(Scalar) + 32;
    const std::string hint = " (--out DIR writes elsewhere)";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw std::runtime_error("cannot create the output folder " + dir + ": " + ec.message() + hint);
    std::string probe = dir + "/.run_mnist-write-test-XXXXXX";
    const int fd = ::mkstemp(probe.data());
    if (fd < 0) throw std::runtime_error("cannot write in the output folder " + dir + ": " + std::strerror(errno) + hint);
    const std::vector<char> zeros(bytes);
    std::size_t done = 0;
    while (done < bytes) {
        const ssize_t n = ::write(fd, zeros.data() + done, bytes - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
    }
    const int error = errno;
    ::close(fd);
    ::unlink(probe.c_str());
    if (done < bytes)
        throw std::runtime_error("cannot write the model (about " + std::to_string(bytes) + " bytes) to " + dir +
                                 ": " + std::strerror(error) + hint);
}

void print_shapes(const char* set, const Matrix& X, const Matrix& y) {
    std::cout << set << " data shape: (" << X.rows() << ", 28, 28)\n"
              << set << " data example shape: (28, 28)\n"
              << set << " label shape: (" << y.rows() << ",)\n"
              << set << " label example shape: ()\n";
}

// Plots are a convenience: a missing gnuplot is reported, not fatal.
void draw_plots(const Options& o, const History& history, const Matrix& first_image) {
    namespace plot = neurona::plot;
    try {
        const auto x = plot::epochs_axis(history.epoch.size());
        plot::line_png(o.out_dir + "/loss.png", {"Loss per epoch", "epoch", "loss"},
                       {{"train", x, history["loss"]}});
        plot::line_png(o.out_dir + "/accuracy.png", {"Accuracy per epoch", "epoch", "accuracy"},
                       {{"train", x, history["accuracy"]}});
        plot::image_png(o.out_dir + "/numero.png", first_image, 28, 28, "the first training image");
        std::cout << "\nPlots: " << o.out_dir << "/loss.png, accuracy.png, numero.png\n";
        std::cout << plot::line_text({"training loss", "epoch", "loss"}, {{"loss", x, history["loss"]}});
    } catch (const std::exception& e) {
        std::cerr << "warning: no plots: " << e.what() << "\n";
    }
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const Options o = parse(argc, argv);
        if (o.threads) set_num_threads(*o.threads);
        const std::size_t threads = num_threads();  // reads NEURONA_THREADS (and checks it)
        set_global_seed(o.seed);
        // Built before the data is read (nothing in between draws random numbers), so that
        // the output folder is checked against the model's size before anything long runs.
        Sequential model = build_mnist_model(o.model);
        check_output_folder(o.out_dir, model);

        // 1. The data: 60,000 training and 10,000 test images of 28 x 28 pixels, 0..255.
        MnistData data = load_mnist();
        const std::string train_images = default_mnist_dir() + "/train-images-idx3-ubyte";
        if (const auto [rows, cols] = idx_image_size(train_images); rows != 28 || cols != 28)
            throw std::runtime_error(train_images + ": images of " + std::to_string(rows) + "x" +
                                     std::to_string(cols) + " pixels, expected MNIST's 28x28");
        const char* env = std::getenv("NEURONA_THREADS");
        std::cout << "Threads: " << threads
                  << (o.threads ? " (--threads)" : env && *env ? " (NEURONA_THREADS)" : "") << "\n";
        print_shapes("Train", data.X_train, data.y_train);
        print_shapes("Test", data.X_test, data.y_test);
        std::cout << "First training label: " << data.y_train(0, 0) << "\n\n";

        // 2. Each image is already a row of 28 * 28 = 784 values (the course's reshape);
        //    scale the pixels to [0, 1] as the course does with astype("float32") / 255.
        data.X_train /= 255;
        data.X_test /= 255;
        // The default model's and the convnet's losses want one-hot labels; the quick start's
        // takes the digits.
        const bool one_hot = o.model != "quickstart";
        const Matrix y_train = one_hot ? to_categorical(data.y_train, 10) : data.y_train;
        const Matrix y_test = one_hot ? to_categorical(data.y_test, 10) : data.y_test;

        // 3. The model, its summary, training and evaluation.
        model.summary();
        std::cout << "\n";
        const History history = model.fit(data.X_train, y_train,
                                          {.epochs = o.epochs, .batch_size = o.batch_size,
                                           .validation_split = o.model == "convnet" ? 0.1 : 0.0});
        std::cout << "\nEvaluate on the test set:\n";
        const auto result = model.evaluate(data.X_test, y_test);

        // 4. Save, then load in a fresh model as another program would, and evaluate again.
        const std::string path = o.out_dir + "/" + o.model + ".neurona";
        model.save(path);
        std::cout << "\nSaved to " << path << "; loading it back and evaluating again:\n";
        Sequential loaded = load_model(path);
        const auto again = loaded.evaluate(data.X_test, y_test);
        if (again != result) throw std::runtime_error("the loaded model evaluates differently from the saved one");

        draw_plots(o, history, data.X_train.slice_rows(0, 1));
        const char* reference = o.model == "default"      ? "course: 0.9773"
                                : o.model == "quickstart" ? "course: ~0.9765"
                                                          : "Keras's example: ~0.99";
        std::printf("\nTest accuracy: %.4f (%s)\n", result[1], reference);
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "run_mnist: " << e.what() << "\n";
        return 1;
    }
}
