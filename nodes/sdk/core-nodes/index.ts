// The Node-RED core nodes Tradelane's palette offers, described once for validation, forms and docs.
import type { AnyNodeDescriptor } from '../descriptor.js';
import { catchNode, commentNode, completeNode, debugNode, injectNode, junctionNode, linkCallNode, linkInNode, linkOutNode, statusNode } from './common-nodes.js';
import { changeNode, delayNode, filterNode, functionNode, rangeNode, switchNode, templateNode, triggerNode } from './function-nodes.js';
import { fileInNode, fileOutNode, httpInNode, httpRequestNode, httpResponseNode, watchNode } from './network-and-storage-nodes.js';
import { batchNode, csvNode, htmlNode, joinNode, jsonNode, sortNode, splitNode, xmlNode, yamlNode } from './sequence-and-parser-nodes.js';

export const coreNodes: AnyNodeDescriptor[] = [
  injectNode, debugNode, commentNode, catchNode, statusNode, completeNode, linkInNode, linkOutNode, linkCallNode, junctionNode,
  functionNode, changeNode, switchNode, templateNode, delayNode, triggerNode, rangeNode, filterNode,
  splitNode, joinNode, sortNode, batchNode, jsonNode, xmlNode, csvNode, yamlNode, htmlNode,
  httpInNode, httpResponseNode, httpRequestNode, fileInNode, fileOutNode, watchNode,
];
