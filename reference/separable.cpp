#include "reference/separable.hpp"

namespace imgbench::reference {

Image apply_separable(const Image& input, const std::vector<Taps>& columns,
                      const std::vector<Taps>& rows) {
  const int channels = input.channels();
  const int out_width = static_cast<int>(columns.size());
  const int out_height = static_cast<int>(rows.size());
  // Horizontal pass over every input row, kept in double.
  std::vector<double> horizontal(static_cast<size_t>(input.height()) * out_width * channels);
  for (int y = 0; y < input.height(); ++y) {
    const unsigned char* source = input.row(y);
    double* target = horizontal.data() + static_cast<size_t>(y) * out_width * channels;
    for (int x = 0; x < out_width; ++x) {
      const Taps& taps = columns[x];
      for (int c = 0; c < channels; ++c) {
        double sum = 0;
        for (size_t k = 0; k < taps.weights.size(); ++k) {
          sum += taps.weights[k] * source[(taps.first + static_cast<int>(k)) * channels + c];
        }
        target[x * channels + c] = sum;
      }
    }
  }
  // Vertical pass, then the only rounding.
  Image output(out_width, out_height, channels);
  const size_t row_length = static_cast<size_t>(out_width) * channels;
  for (int y = 0; y < out_height; ++y) {
    const Taps& taps = rows[y];
    unsigned char* target = output.row(y);
    for (size_t i = 0; i < row_length; ++i) {
      double sum = 0;
      for (size_t k = 0; k < taps.weights.size(); ++k) {
        sum += taps.weights[k] * horizontal[(taps.first + k) * row_length + i];
      }
      target[i] = round_to_u8(sum);
    }
  }
  return output;
}

}  // namespace imgbench::reference
