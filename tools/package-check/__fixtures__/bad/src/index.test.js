import { answer } from "../dist/index.js";
console.log(answer);
