/// @file idx.cpp
/// The IDX reader: one read of the whole file, every header field checked against the file's
/// size before a single pixel is converted.
#include "neurona/data/idx.hpp"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <vector>

namespace neurona {
namespace {

// Magic numbers: two zero bytes, the type (0x08 = unsigned byte), the number of dimensions.
constexpr std::uint32_t kImagesMagic = 0x00000803;
constexpr std::uint32_t kLabelsMagic = 0x00000801;
constexpr std::size_t kImagesHeader = 16;  // magic, count, rows, cols
constexpr std::size_t kLabelsHeader = 8;   // magic, count
constexpr unsigned kClasses = 10;          // MNIST's digits (and Fashion-MNIST's classes)

[[noreturn]] void fail(const std::string& path, const std::string& what) {
    throw std::runtime_error(path + ": " + what);
}

std::string hex32(std::uint32_t v) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%08X", v);
    return text;
}

// The whole file in one read, or its first `most` bytes.
std::vector<unsigned char> read_file(const std::string& path,
                                     std::size_t most = std::numeric_limits<std::size_t>::max()) {
    if (std::error_code ec; std::filesystem::is_directory(path, ec))
        fail(path, "cannot open: it is a folder, expected an IDX file");
    errno = 0;
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in)
        fail(path, std::string("cannot open: ") + (errno ? std::strerror(errno) : "unknown error"));
    std::streamoff size = in.tellg();
    if (size < 0) fail(path, "cannot read its size");
    if (static_cast<std::uintmax_t>(size) > most) size = static_cast<std::streamoff>(most);
    std::vector<unsigned char> bytes(static_cast<std::size_t>(size));
    in.seekg(0);
    if (!in.read(reinterpret_cast<char*>(bytes.data()), size))
        fail(path, "read error after " + std::to_string(in.gcount()) + " of " +
                       std::to_string(size) + " bytes");
    return bytes;
}

// IDX stores every header field big-endian (most significant byte first).
std::uint32_t be32(const std::vector<unsigned char>& bytes, std::size_t offset) {
    return std::uint32_t{bytes[offset]} << 24 | std::uint32_t{bytes[offset + 1]} << 16 |
           std::uint32_t{bytes[offset + 2]} << 8 | std::uint32_t{bytes[offset + 3]};
}

// Checks the magic number and that the header is complete; `kind` is "images" or "labels".
void check_header(const std::string& path, const std::vector<unsigned char>& bytes,
                  std::uint32_t magic, std::size_t header, const std::string& kind) {
    const std::string expected = "an IDX " + kind + " file (magic " + hex32(magic) +
                                 ", header of " + std::to_string(header) + " bytes)";
    if (bytes.empty()) fail(path, "empty file, expected " + expected);
    if (bytes.size() >= 4) {
        const std::uint32_t found = be32(bytes, 0);
        if (found != magic) {
            std::string hint;
            if (found == kImagesMagic) hint = " (an IDX images file)";
            if (found == kLabelsMagic) hint = " (an IDX labels file)";
            if (bytes[0] == 0x1f && bytes[1] == 0x8b) hint = " (gzip-compressed: gunzip it first)";
            fail(path, "bad magic number: expected " + hex32(magic) + " (IDX " + kind +
                           "), found " + hex32(found) + hint);
        }
    }
    if (bytes.size() < header)
        fail(path, "truncated header: expected " + expected + ", file has " +
                       std::to_string(bytes.size()) + " bytes");
}

// Checks that the file is exactly header + count * item_bytes long; `announced` says what the
// header promised ("3 images of 2x2"), for the message.
void check_size(const std::string& path, std::size_t file_size, std::size_t header,
                std::uint64_t count, std::uint64_t item_bytes, const std::string& announced) {
    // A corrupt header can announce more than 2^64 bytes; that is just a very truncated file.
    const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
    const bool beyond = item_bytes != 0 && count > (max - header) / item_bytes;
    const std::uint64_t expected = beyond ? max : header + count * item_bytes;
    const std::string said = "header says " + announced + " (" +
                             (beyond ? "more than 2^64" : std::to_string(expected)) + " bytes)";
    const std::string has = "file has " + std::to_string(file_size) + " bytes";
    if (file_size < expected) fail(path, "truncated: " + said + ", " + has);
    if (file_size > expected)
        fail(path, "trailing bytes: " + said + ", " + has + ", " +
                       std::to_string(file_size - expected) + " too many");
}

// An images file must hold at least one image of at least one pixel: a program that trains
// on it would otherwise fail later, and less clearly (or crash on a first image that is not there).
void check_not_empty(const std::string& path, std::size_t count, std::size_t rows, std::size_t cols) {
    if (count == 0) fail(path, "no images: the header says 0 images, expected at least one");
    if (rows == 0 || cols == 0)
        fail(path, "no pixels: the header says images of " + std::to_string(rows) + "x" +
                       std::to_string(cols) + ", expected at least 1x1");
}

void check_counts(const std::string& images_path, const std::string& labels_path, const Matrix& X,
                  const Matrix& y) {
    if (X.rows() != y.rows())
        throw std::runtime_error(images_path + " and " + labels_path + ": count mismatch: " +
                                 std::to_string(X.rows()) + " images but " +
                                 std::to_string(y.rows()) + " labels");
}

}  // namespace

IdxImages load_idx_images(const std::string& path, Scalar scale) {
    const std::vector<unsigned char> bytes = read_file(path);
    check_header(path, bytes, kImagesMagic, kImagesHeader, "images");
    const std::size_t count = be32(bytes, 4), rows = be32(bytes, 8), cols = be32(bytes, 12);
    check_not_empty(path, count, rows, cols);
    const std::uint64_t pixels = std::uint64_t{rows} * cols;  // < 2^64: both are < 2^32
    check_size(
        path, bytes.size(), kImagesHeader, count, pixels,
        std::to_string(count) + " images of " + std::to_string(rows) + "x" + std::to_string(cols));

    // Written straight into the matrix: MNIST's 60000 images are 188 MB of floats, and a
    // vector copied into a Matrix would hold them twice for a moment.
    Matrix X(count, rows * cols);
    const unsigned char* pixel = bytes.data() + kImagesHeader;
    Scalar* value = X.data();
    for (std::size_t i = 0; i < X.size(); ++i) value[i] = static_cast<Scalar>(pixel[i]) * scale;
    return {std::move(X), count, rows, cols};
}

Matrix read_idx_images(const std::string& path, Scalar scale) {
    return load_idx_images(path, scale).X;
}

std::pair<std::size_t, std::size_t> idx_image_size(const std::string& path) {
    const std::vector<unsigned char> header = read_file(path, kImagesHeader);
    check_header(path, header, kImagesMagic, kImagesHeader, "images");
    return {be32(header, 8), be32(header, 12)};
}

Matrix read_idx_labels(const std::string& path) {
    const std::vector<unsigned char> bytes = read_file(path);
    check_header(path, bytes, kLabelsMagic, kLabelsHeader, "labels");
    const std::size_t count = be32(bytes, 4);
    if (count == 0) fail(path, "no labels: the header says 0 labels, expected at least one");
    check_size(path, bytes.size(), kLabelsHeader, count, 1, std::to_string(count) + " labels");

    Matrix labels(count, 1);
    for (std::size_t i = 0; i < count; ++i) {
        const unsigned label = bytes[kLabelsHeader + i];
        if (label >= kClasses)
            fail(path, "label out of range: label at index " + std::to_string(i) + " is " +
                           std::to_string(label) + ", expected 0.." + std::to_string(kClasses - 1));
        labels(i, 0) = static_cast<Scalar>(label);
    }
    return labels;
}

std::pair<Matrix, Matrix> load_idx_dataset(const std::string& images_path,
                                           const std::string& labels_path, Scalar scale) {
    Matrix X = read_idx_images(images_path, scale);
    Matrix y = read_idx_labels(labels_path);
    check_counts(images_path, labels_path, X, y);
    return {std::move(X), std::move(y)};
}

std::string default_mnist_dir() {
    const char* dir = std::getenv("MNIST_DIR");
    return dir && *dir ? dir : "data/mnist";
}

MnistData load_mnist(const std::string& dir, Scalar scale) {
    try {
        const std::string train_images = dir + "/train-images-idx3-ubyte",
                          train_labels = dir + "/train-labels-idx1-ubyte",
                          test_images = dir + "/t10k-images-idx3-ubyte",
                          test_labels = dir + "/t10k-labels-idx1-ubyte";
        IdxImages train = load_idx_images(train_images, scale);
        Matrix y_train = read_idx_labels(train_labels);
        check_counts(train_images, train_labels, train.X, y_train);
        IdxImages test = load_idx_images(test_images, scale);
        Matrix y_test = read_idx_labels(test_labels);
        check_counts(test_images, test_labels, test.X, y_test);
        if (train.rows != test.rows || train.cols != test.cols)
            throw std::runtime_error(dir + ": training images are " + std::to_string(train.rows) + "x" +
                                     std::to_string(train.cols) + " (" + std::to_string(train.X.cols()) +
                                     " pixels), test images " + std::to_string(test.rows) + "x" +
                                     std::to_string(test.cols) + " (" + std::to_string(test.X.cols()) +
                                     " pixels): expected the same size");
        return {std::move(train.X), std::move(y_train), std::move(test.X), std::move(y_test)};
    } catch (const std::runtime_error& e) {
        // Whatever is wrong with the files, the same command repairs it.
        throw std::runtime_error(std::string(e.what()) +
                                 "\n  (`make mnist-data` fetches and verifies MNIST into "
                                 "data/mnist; MNIST_DIR=/path uses your own copy)");
    }
}

}  // namespace neurona
