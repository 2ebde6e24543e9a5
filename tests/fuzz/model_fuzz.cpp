// Fuzz harness: load_model (src/neurona/model_io.cpp, docs/model-format.md). A model file ends
// in a checksum of everything before it, which random bytes never match; so an input that
// does not end in a checksum line gets a correct one appended, and the fuzzer explores the
// parser behind the check. An input that ends in one ("checksum <16 hex digits>\n") is
// loaded as it is, which tests the check itself.
// Properties checked beside "no crash": a model that loads saves and loads again with the
// same name, layers, weights (bit for bit) and optimizer step count, and, when built, gives
// its summary and predicts on zeros.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <sstream>

#include "fuzz_support.hpp"
#include "neurona/model.hpp"

namespace {

// FNV-1a (64-bit), the format's checksum.
std::uint64_t fnv1a64(const std::string& bytes) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : bytes) h = (h ^ c) * 0x100000001b3ULL;
    return h;
}

bool same_bits(const neurona::Matrix& a, const neurona::Matrix& b) {
    return a.rows() == b.rows() && a.cols() == b.cols() &&
           (a.size() == 0 || std::memcmp(a.data(), b.data(), a.size() * sizeof(neurona::Scalar)) == 0);
}

void check_loaded(neurona::Sequential& model, const std::string& copy_path) {
    const std::vector<neurona::Layer*> layers = model.layers();
    FUZZ_CHECK(!layers.empty());
    // A first layer without an input shape leaves the model unbuilt, as in Keras (all of it,
    // or only up to a Normalization, which its feature count builds): no summary, no save.
    for (const neurona::Layer* layer : layers)
        if (!layer->built()) return;
    std::ostringstream summary;
    model.summary(summary);
    const std::size_t inputs = neurona::shape_size(layers.front()->input_shape());
    if (inputs <= 4096) {
        const neurona::Matrix Y = model.predict(neurona::Matrix(2, inputs));
        FUZZ_CHECK(Y.rows() == 2);
    }
    model.save(copy_path);
    neurona::Sequential again = neurona::load_model(copy_path);
    FUZZ_CHECK(again.name() == model.name());
    const std::vector<neurona::Layer*> layers_again = again.layers();
    FUZZ_CHECK(layers_again.size() == layers.size());
    for (std::size_t i = 0; i < layers.size(); ++i)
        FUZZ_CHECK(layers_again[i]->name() == layers[i]->name() && layers_again[i]->type() == layers[i]->type());
    const std::vector<neurona::Matrix> w = model.get_weights(), w_again = again.get_weights();
    FUZZ_CHECK(w.size() == w_again.size());
    for (std::size_t i = 0; i < w.size(); ++i) FUZZ_CHECK(same_bits(w[i], w_again[i]));
    if (model.compiled()) FUZZ_CHECK(again.optimizer().iterations == model.optimizer().iterations);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string bytes(reinterpret_cast<const char*>(data), size);
    const std::size_t kChecksumLine = 9 + 16 + 1;  // "checksum " + 16 hex digits + "\n"
    if (size < kChecksumLine || bytes.compare(size - kChecksumLine, 9, "checksum ") != 0) {
        char line[40];
        std::snprintf(line, sizeof line, "checksum %016llx\n", static_cast<unsigned long long>(fnv1a64(bytes)));
        bytes += line;
    }
    const std::string path = fuzz::write_file("input.model", reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                              bytes.size());
    fuzz::expect_only_documented_errors([&] {
        neurona::Sequential model = neurona::load_model(path);
        check_loaded(model, fuzz::scratch_dir() + "/copy.model");
    });
    return 0;
}
