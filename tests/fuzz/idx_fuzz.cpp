// Fuzz harness: the IDX reader (src/neurona/data/idx.*). The input is one file, read both as
// an images file and as a labels file (its magic number says which, if either, it is).
// Properties checked beside "no crash": what is read has the shape the header announced,
// and every value is a byte (times the scale) or a label 0..9.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"
#include "neurona/data/idx.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::write_file("input.idx", data, size);
    fuzz::expect_only_documented_errors([&] {
        const neurona::IdxImages images = neurona::load_idx_images(path);
        FUZZ_CHECK(images.X.rows() == images.count);
        FUZZ_CHECK(images.X.cols() == images.rows * images.cols);
        FUZZ_CHECK(16 + images.X.size() == size);
        for (std::size_t i = 0; i < images.X.size(); ++i)
            FUZZ_CHECK(images.X.data()[i] == static_cast<neurona::Scalar>(data[16 + i]));
    });
    fuzz::expect_only_documented_errors([&] {
        const neurona::Matrix labels = neurona::read_idx_labels(path);
        FUZZ_CHECK(labels.cols() == 1 && 8 + labels.rows() == size);
        for (std::size_t i = 0; i < labels.rows(); ++i)
            FUZZ_CHECK(labels(i, 0) == static_cast<neurona::Scalar>(data[8 + i]) && data[8 + i] <= 9);
    });
    return 0;
}
