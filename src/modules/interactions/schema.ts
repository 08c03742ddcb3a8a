// Tables of the interactions module (filled in by its owner).
export {};
