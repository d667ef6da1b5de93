/* Plain-C access to Pillow's image memory. Pillow's Imaging.h is C, not C++ (it reuses struct
   names as typedef names), so only pillow_imaging.c includes it. */
#ifndef IMGBENCH_PILLOW_IMAGING_H
#define IMGBENCH_PILLOW_IMAGING_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  char mode[8];          /* "L", "RGB", "RGBA", ... */
  int width, height;
  int pixel_size;        /* bytes per pixel in memory: RGB is 4 (R, G, B, padding) */
  unsigned char** rows;  /* one pointer per row */
} ImgbenchImagingView;

/* Fills `view` from the pointer inside a "PIL Imaging" capsule; returns 0 on success. */
int imgbench_imaging_view(void* imaging, ImgbenchImagingView* view);

#ifdef __cplusplus
}
#endif

#endif
