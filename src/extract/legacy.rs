//! Detection of legacy 8-bit Vietnamese encodings (TCVN3, VNI) read as Unicode (stub).
