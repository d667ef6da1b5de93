#include "pillow_imaging.h"

#include <Python.h>

#include <Imaging.h>
#include <string.h>

int imgbench_imaging_view(void* imaging, ImgbenchImagingView* view) {
  Imaging image = (Imaging)imaging;
  if (!image || !image->image) return -1;
  memset(view, 0, sizeof *view);
  strncpy(view->mode, image->mode, sizeof view->mode - 1);
  view->width = image->xsize;
  view->height = image->ysize;
  view->pixel_size = image->pixelsize;
  view->rows = (unsigned char**)image->image;
  return 0;
}
