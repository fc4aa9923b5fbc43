"""Image assets for the simulated camera.

face.jpg is a 260×300 crop (x 100–360, y 0–300) of the NASA portrait of astronaut Eileen Collins
(photo S94-41698, public domain as a work of the U.S. government), as distributed with scikit-image
(`skimage.data.astronaut()`). It is shipped here so the simulator does not need scikit-image at run time.
"""
