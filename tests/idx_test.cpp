// Tests of the IDX reader on small files the tests write themselves (good ones with known
// bytes, and one broken file per error), plus the real MNIST when `make mnist-data` has run.
#include "neurona/data/idx.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

#include <unistd.h>

using namespace neurona;
namespace fs = std::filesystem;

namespace {

using Bytes = std::vector<unsigned char>;

// Appends v big-endian, as IDX headers store it.
void put32(Bytes& bytes, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8)
        bytes.push_back(static_cast<unsigned char>(v >> shift));
}

Bytes images_file(std::uint32_t count, std::uint32_t rows, std::uint32_t cols, const Bytes& pixels,
                  std::uint32_t magic = 0x00000803) {
    Bytes bytes;
    put32(bytes, magic);
    put32(bytes, count);
    put32(bytes, rows);
    put32(bytes, cols);
    bytes.insert(bytes.end(), pixels.begin(), pixels.end());
    return bytes;
}

Bytes labels_file(std::uint32_t count, const Bytes& labels, std::uint32_t magic = 0x00000801) {
    Bytes bytes;
    put32(bytes, magic);
    put32(bytes, count);
    bytes.insert(bytes.end(), labels.begin(), labels.end());
    return bytes;
}

// Three 2x2 images with known pixels, among them 0 and 255, and their labels.
const Bytes kPixels = {0, 1, 2, 3, 10, 20, 30, 40, 128, 254, 255, 7};
const Bytes kLabels = {5, 0, 9};

// Each test gets its own folder of files, removed afterwards.
class Idx : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        // The process id keeps two test runs at the same time apart.
        dir_ = fs::temp_directory_path() / ("neurona_idx_test_" + std::to_string(::getpid()) +
                                            "_" + info->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string write(const std::string& name, const Bytes& bytes) {
        const std::string path = (dir_ / name).string();
        std::ofstream(path, std::ios::binary)
            .write(reinterpret_cast<const char*>(bytes.data()),
                   static_cast<std::streamsize>(bytes.size()));
        return path;
    }

    fs::path dir_;
};

// Runs f, expects std::runtime_error, and checks the message holds the path and each word.
void expect_error(const std::function<void()>& f, const std::string& path,
                  std::initializer_list<std::string> words) {
    try {
        f();
        ADD_FAILURE() << "no exception; expected one about " << path;
    } catch (const std::runtime_error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find(path), std::string::npos) << "path missing from: " << message;
        for (const std::string& word : words)
            EXPECT_NE(message.find(word), std::string::npos)
                << "'" << word << "' missing from: " << message;
    }
}

}  // namespace

TEST_F(Idx, ImagesExactValuesWithScaleOne) {
    const std::string path = write("images", images_file(3, 2, 2, kPixels));
    const IdxImages images = load_idx_images(path);
    EXPECT_EQ(images.count, 3u);
    EXPECT_EQ(images.rows, 2u);
    EXPECT_EQ(images.cols, 2u);
    ASSERT_EQ(images.X.shape(), "(3, 4)");
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 4; ++j) EXPECT_EQ(images.X(i, j), kPixels[i * 4 + j]);
    EXPECT_EQ(read_idx_images(path).values(), images.X.values());
}

TEST_F(Idx, ImagesScaledBy1Over255) {
    const std::string path = write("images", images_file(3, 2, 2, kPixels));
    const Scalar scale = Scalar(1) / 255;
    const Matrix X = read_idx_images(path, scale);
    ASSERT_EQ(X.shape(), "(3, 4)");
    for (std::size_t i = 0; i < kPixels.size(); ++i) {
        EXPECT_EQ(X.data()[i], static_cast<Scalar>(kPixels[i]) * scale);
        EXPECT_NEAR(X.data()[i], kPixels[i] / 255.0, 1e-7);
    }
    EXPECT_EQ(X(0, 0), 0);
    EXPECT_NEAR(X(2, 2), 1, 1e-6);
}

TEST_F(Idx, Labels) {
    const Matrix y = read_idx_labels(write("labels", labels_file(3, kLabels)));
    ASSERT_EQ(y.shape(), "(3, 1)");
    EXPECT_EQ(y(0, 0), 5);
    EXPECT_EQ(y(1, 0), 0);
    EXPECT_EQ(y(2, 0), 9);
}

TEST_F(Idx, DatasetPairsImagesWithLabels) {
    const auto [X, y] = load_idx_dataset(write("images", images_file(3, 2, 2, kPixels)),
                                         write("labels", labels_file(3, kLabels)));
    EXPECT_EQ(X.shape(), "(3, 4)");
    EXPECT_EQ(y.shape(), "(3, 1)");
}

TEST_F(Idx, BadMagic) {
    const std::string images = write("images", images_file(3, 2, 2, kPixels, 0x00000804));
    expect_error([&] { read_idx_images(images); }, images,
                 {"bad magic", "0x00000803", "0x00000804"});
    // A labels file where images are expected, and the other way round, are named as such.
    const std::string labels = write("labels", labels_file(3, kLabels));
    expect_error([&] { read_idx_images(labels); }, labels, {"bad magic", "labels file"});
    expect_error([&] { read_idx_labels(images); }, images, {"bad magic", "0x00000801"});
    const std::string gz = write("images.gz", {0x1f, 0x8b, 0x08, 0x08, 0, 0, 0, 0});
    expect_error([&] { read_idx_images(gz); }, gz, {"bad magic", "gunzip"});
}

TEST_F(Idx, TruncatedHeader) {
    Bytes bytes = images_file(3, 2, 2, {});
    bytes.resize(10);
    const std::string images = write("images", bytes);
    expect_error([&] { read_idx_images(images); }, images,
                 {"truncated header", "16 bytes", "has 10"});
    const std::string labels = write("labels", {0, 0, 8, 1, 0});
    expect_error([&] { read_idx_labels(labels); }, labels, {"truncated header", "has 5"});
    const std::string tiny = write("tiny", {0, 0});
    expect_error([&] { read_idx_images(tiny); }, tiny, {"truncated header", "has 2"});
}

TEST_F(Idx, TruncatedData) {
    const std::string images =
        write("images", images_file(3, 2, 2, Bytes(kPixels.begin(), kPixels.end() - 1)));
    expect_error([&] { read_idx_images(images); }, images,
                 {"truncated", "3 images of 2x2 (28 bytes)", "file has 27 bytes"});
    const std::string labels = write("labels", labels_file(4, kLabels));
    expect_error([&] { read_idx_labels(labels); }, labels,
                 {"truncated", "4 labels (12 bytes)", "file has 11 bytes"});
    // A corrupt header can announce more bytes than 64 bits count.
    const std::string huge =
        write("huge", images_file(0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, kPixels));
    expect_error([&] { read_idx_images(huge); }, huge, {"truncated", "more than 2^64"});
}

TEST_F(Idx, TrailingBytes) {
    Bytes pixels = kPixels;
    pixels.push_back(1);
    pixels.push_back(2);
    const std::string images = write("images", images_file(3, 2, 2, pixels));
    expect_error([&] { read_idx_images(images); }, images,
                 {"trailing bytes", "(28 bytes)", "file has 30 bytes", "2 too many"});
    const std::string labels = write("labels", labels_file(2, kLabels));
    expect_error([&] { read_idx_labels(labels); }, labels,
                 {"trailing bytes", "2 labels", "1 too many"});
}

TEST_F(Idx, NoImagesNoPixelsNoLabelsAreRefused) {
    // Valid headers, and files exactly as long as they announce: empty data all the same.
    const std::string none = write("none", images_file(0, 28, 28, {}));
    expect_error([&] { read_idx_images(none); }, none, {"no images: the header says 0 images, expected at least one"});
    const std::string flat = write("flat", images_file(3, 0, 5, {}));
    expect_error([&] { read_idx_images(flat); }, flat, {"no pixels", "images of 0x5, expected at least 1x1"});
    const std::string labels = write("labels", labels_file(0, {}));
    expect_error([&] { read_idx_labels(labels); }, labels, {"no labels: the header says 0 labels"});
    // load_mnist with an empty training set (what crashed run_mnist) names the file and the fix.
    write("train-images-idx3-ubyte", images_file(0, 2, 2, {}));
    write("train-labels-idx1-ubyte", labels_file(0, {}));
    write("t10k-images-idx3-ubyte", images_file(1, 2, 2, {9, 8, 7, 6}));
    write("t10k-labels-idx1-ubyte", labels_file(1, {7}));
    expect_error([&] { load_mnist(dir_.string()); }, (dir_ / "train-images-idx3-ubyte").string(),
                 {"no images", "make mnist-data"});
}

TEST_F(Idx, ImageSizeFromTheHeaderAlone) {
    const std::string images = write("images", images_file(3, 14, 56, {}));  // pixels missing
    EXPECT_EQ(idx_image_size(images), (std::pair<std::size_t, std::size_t>{14, 56}));
    const std::string labels = write("labels", labels_file(3, kLabels));
    expect_error([&] { idx_image_size(labels); }, labels, {"bad magic", "labels file"});
    const std::string tiny = write("tiny", {0, 0, 8, 3, 0, 0});
    expect_error([&] { idx_image_size(tiny); }, tiny, {"truncated header", "has 6"});
    expect_error([&] { idx_image_size((dir_ / "missing").string()); }, (dir_ / "missing").string(), {"cannot open"});
}

TEST_F(Idx, LabelOutOfRange) {
    const std::string labels = write("labels", labels_file(3, {5, 10, 0}));
    expect_error([&] { read_idx_labels(labels); }, labels,
                 {"label out of range", "index 1 is 10", "0..9"});
}

TEST_F(Idx, CountMismatch) {
    const std::string images = write("images", images_file(3, 2, 2, kPixels));
    const std::string labels = write("labels", labels_file(2, {5, 0}));
    expect_error([&] { load_idx_dataset(images, labels); }, images,
                 {labels, "count mismatch", "3 images but 2 labels"});
}

TEST_F(Idx, EmptyFile) {
    const std::string path = write("empty", {});
    expect_error([&] { read_idx_images(path); }, path, {"empty file", "0x00000803"});
    expect_error([&] { read_idx_labels(path); }, path, {"empty file", "0x00000801"});
}

TEST_F(Idx, MissingFile) {
    const std::string path = (dir_ / "no-such-file").string();
    expect_error([&] { read_idx_images(path); }, path, {"cannot open", "No such file"});
    expect_error([&] { read_idx_labels(path); }, path, {"cannot open"});
    expect_error([&] { read_idx_images(dir_.string()); }, dir_.string(), {"cannot open", "folder"});
}

TEST_F(Idx, LoadMnistFromAFolder) {
    write("train-images-idx3-ubyte", images_file(3, 2, 2, kPixels));
    write("train-labels-idx1-ubyte", labels_file(3, kLabels));
    write("t10k-images-idx3-ubyte", images_file(1, 2, 2, {9, 8, 7, 6}));
    write("t10k-labels-idx1-ubyte", labels_file(1, {7}));
    const auto [X_train, y_train, X_test, y_test] = load_mnist(dir_.string(), Scalar(1) / 255);
    EXPECT_EQ(X_train.shape(), "(3, 4)");
    EXPECT_EQ(y_train.shape(), "(3, 1)");
    EXPECT_EQ(X_test.shape(), "(1, 4)");
    EXPECT_EQ(y_test(0, 0), 7);
    EXPECT_NEAR(X_train(2, 2), 1, 1e-6);
}

TEST_F(Idx, LoadMnistErrorsNameTheFileAndTheFix) {
    write("train-images-idx3-ubyte", images_file(3, 2, 2, kPixels));
    write("train-labels-idx1-ubyte", labels_file(3, kLabels));
    const std::string test_images =
        write("t10k-images-idx3-ubyte", images_file(1, 2, 2, {9, 8, 7, 6}));
    const std::string test_labels = write("t10k-labels-idx1-ubyte", labels_file(2, {7, 1}));
    expect_error([&] { load_mnist(dir_.string()); }, test_labels,
                 {test_images, "count mismatch", "1 images but 2 labels", "make mnist-data"});
    fs::remove(test_labels);
    expect_error([&] { load_mnist(dir_.string()); }, test_labels,
                 {"cannot open", "make mnist-data"});
    write("t10k-labels-idx1-ubyte", labels_file(1, {7}));
    write("t10k-images-idx3-ubyte", images_file(1, 1, 3, {9, 8, 7}));
    expect_error([&] { load_mnist(dir_.string()); }, dir_.string(),
                 {"training images are 2x2 (4 pixels), test images 1x3 (3 pixels)"});
    // The same number of pixels in another shape is another size too.
    write("t10k-images-idx3-ubyte", images_file(1, 1, 4, {9, 8, 7, 6}));
    expect_error([&] { load_mnist(dir_.string()); }, dir_.string(),
                 {"training images are 2x2 (4 pixels), test images 1x4 (4 pixels): expected the same size"});
}

TEST(IdxDefaultDir, EnvironmentElseDataMnist) {
    const char* saved = std::getenv("MNIST_DIR");
    const std::string saved_value = saved ? saved : "";
    unsetenv("MNIST_DIR");
    EXPECT_EQ(default_mnist_dir(), "data/mnist");
    setenv("MNIST_DIR", "/somewhere/mnist", 1);
    EXPECT_EQ(default_mnist_dir(), "/somewhere/mnist");
    if (saved)
        setenv("MNIST_DIR", saved_value.c_str(), 1);
    else
        unsetenv("MNIST_DIR");
}

// The real MNIST, where `make mnist-data` has put it (the tests run from the repository root).
TEST(IdxMnist, RealFilesHaveKerasShapes) {
    const std::string dir = default_mnist_dir();
    if (!fs::exists(dir + "/train-images-idx3-ubyte"))
        GTEST_SKIP() << "no MNIST in " << dir << " (make mnist-data)";
    const IdxImages test = load_idx_images(dir + "/t10k-images-idx3-ubyte");
    EXPECT_EQ(test.count, 10000u);
    EXPECT_EQ(test.rows, 28u);
    EXPECT_EQ(test.cols, 28u);
    const auto [X_train, y_train, X_test, y_test] = load_mnist(dir, Scalar(1) / 255);
    EXPECT_EQ(X_train.shape(), "(60000, 784)");
    EXPECT_EQ(y_train.shape(), "(60000, 1)");
    EXPECT_EQ(X_test.shape(), "(10000, 784)");
    EXPECT_EQ(y_test.shape(), "(10000, 1)");
    EXPECT_EQ(y_train(0, 0), 5);  // the famous first digit
    EXPECT_EQ(y_test(0, 0), 7);
    EXPECT_EQ(X_train.min(), 0);
    EXPECT_EQ(X_train.max(), 1);
}
