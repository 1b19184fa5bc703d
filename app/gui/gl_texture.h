#pragma once
// An OpenGL texture owned by RAII (created and destroyed on the GL thread).
#include <GL/glew.h>

#include <vector>

namespace tmsnav {

class GlTexture {
 public:
  GlTexture() = default;
  ~GlTexture() {
    if (id_) glDeleteTextures(1, &id_);
  }
  GlTexture(const GlTexture&) = delete;
  GlTexture& operator=(const GlTexture&) = delete;

  // Uploads an 8-bit grey image (row 0 = top) as an RGB texture.
  void uploadGrey(const std::vector<unsigned char>& grey, int width, int height) {
    if (!id_) glGenTextures(1, &id_);
    std::vector<unsigned char> rgb(grey.size() * 3);
    for (size_t i = 0; i < grey.size(); ++i) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = grey[i];
    glBindTexture(GL_TEXTURE_2D, id_);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGB, width, height, 0, GL_RGB, GL_UNSIGNED_BYTE, rgb.data());
    glBindTexture(GL_TEXTURE_2D, 0);
  }
  GLuint id() const { return id_; }

 private:
  GLuint id_ = 0;
};

}  // namespace tmsnav
