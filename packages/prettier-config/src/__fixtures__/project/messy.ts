import {readFile} from 'node:fs/promises'
export async function loadSettings(path:string,fallback:Record<string,string>={}):Promise<Record<string,string>>{
    const text=await readFile(path,'utf8').catch(()=>null)
    if(text===null){return fallback}
    return {...fallback,...JSON.parse(text) as Record<string,string>,source:path,loadedAt:new Date().toISOString()}
}
export const greet=(name:string,punctuation:string):string=>`Hello, ${name}${punctuation}`
