/// @file idx.hpp
/// MNIST's file format, IDX, and MNIST itself.
///
/// An IDX file is a big-endian header and then unsigned bytes, row-major:
///   images: magic 0x00000803, count, rows, cols (4 bytes each), then count * rows * cols pixels;
///   labels: magic 0x00000801, count, then count labels.
/// Each file is read whole, in one read, and checked before any value is used: a wrong magic
/// number, a size that differs from what the header announces (shorter: truncated; longer:
/// trailing bytes), a header that announces no image, images of no pixel or no label, a label
/// outside 0..9 or an empty or missing file throws std::runtime_error whose message starts
/// with the file's path and says what was expected and what was found. The header's counts
/// are checked against the file's size before anything is allocated for them, so memory
/// stays within a few times the file's size.
#pragma once

#include "neurona/matrix.hpp"

#include <cstddef>
#include <string>
#include <utility>

namespace neurona {

/// The images of an IDX file: X is (count, rows * cols), one flattened image per row, as the
/// course's X_train.reshape(60000, 784).
struct IdxImages {
    Matrix X;               ///< (count, rows * cols)
    std::size_t count = 0;  ///< number of images
    std::size_t rows = 0;   ///< image height in pixels
    std::size_t cols = 0;   ///< image width in pixels
};

/// Reads an IDX images file; every pixel byte (0..255) becomes byte * scale, so scale = 1/255
/// gives the course's X / 255 in [0, 1]. Throws std::runtime_error (see the file comment).
IdxImages load_idx_images(const std::string& path, Scalar scale = 1);

/// load_idx_images(path, scale).X: the (count, rows * cols) images alone.
Matrix read_idx_images(const std::string& path, Scalar scale = 1);

/// {rows, cols}: the size of the images of an IDX images file, from its 16-byte header alone
/// (the pixels are neither read nor checked; load_idx_images does that). Throws
/// std::runtime_error as load_idx_images for a missing or empty file, a wrong magic number or
/// a header cut short.
std::pair<std::size_t, std::size_t> idx_image_size(const std::string& path);

/// Reads an IDX labels file into a (count, 1) column of class numbers 0..9 (as Scalar).
/// Throws std::runtime_error (see the file comment), also for a label above 9.
Matrix read_idx_labels(const std::string& path);

/// An images file and its labels file, checked against each other: returns {X, y} with X
/// (count, rows * cols) and y (count, 1). Throws std::runtime_error naming both files when
/// their counts differ, and whatever reading either file throws.
std::pair<Matrix, Matrix> load_idx_dataset(const std::string& images_path,
                                           const std::string& labels_path, Scalar scale = 1);

/// Where MNIST is: the environment variable MNIST_DIR (the Makefile sets it for every
/// program it runs), else "data/mnist", where `make mnist-data` puts it.
std::string default_mnist_dir();

/// MNIST as Keras's mnist.load_data() gives it, flattened: X_train (60000, 784),
/// y_train (60000, 1), X_test (10000, 784), y_test (10000, 1). It unpacks as Keras's
/// `(X_train, y_train), (X_test, y_test) = mnist.load_data()` does:
/// `auto [X_train, y_train, X_test, y_test] = load_mnist();`
struct MnistData {
    Matrix X_train;  ///< (60000, 784)
    Matrix y_train;  ///< (60000, 1) digits 0-9
    Matrix X_test;   ///< (10000, 784)
    Matrix y_test;   ///< (10000, 1) digits 0-9
};

/// Loads the four MNIST files from `dir` (train-images-idx3-ubyte, train-labels-idx1-ubyte,
/// t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte), pixels times scale. Throws
/// std::runtime_error when a file is missing or broken (the message says how to fetch MNIST),
/// when images and labels disagree in count, or when train and test images differ in size
/// (rows x cols). It takes images of any size; a program that needs MNIST's 28 x 28 checks
/// idx_image_size.
MnistData load_mnist(const std::string& dir = default_mnist_dir(), Scalar scale = 1);

}  // namespace neurona
