export { buildKerasModel } from "./build-keras-model.js";
export { planKeras } from "./plan-keras.js";
