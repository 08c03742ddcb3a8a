// Tables of the orders module (filled in by its owner).
export {};
