// Tables of the interactions module.
export {};
